import { describeConformance } from '../../../src/testkit/conformance/index.ts';
import { bulwarkHttp } from './http-subject.ts';

describeConformance(bulwarkHttp);
