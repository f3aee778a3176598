import { describeConformance } from '../../../src/testkit/conformance/index.ts';
import { bulwarkPostgres } from './postgres-subject.ts';

describeConformance(bulwarkPostgres);
