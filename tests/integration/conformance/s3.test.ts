import { describeConformance } from '../../../src/testkit/conformance/index.ts';
import { bulwarkS3 } from './s3-subject.ts';

describeConformance(bulwarkS3);
