import { describeConformance } from '../../../src/testkit/conformance/index.ts';
import { bulwarkRedis } from './redis-subject.ts';

describeConformance(bulwarkRedis);
