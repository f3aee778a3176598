// The test kit's HTTP fault gate, answering with S3's XML errors: `fail({ status: 503, code:
// 'SlowDown' })` answers as S3 does when it throttles.
import {
  s3ErrorBody,
  startHttpFaultGate,
  type GateRule,
  type HttpFaultGate,
} from '../../../../src/testkit/index.ts';

export interface S3GateRule extends Omit<GateRule, 'body'> {
  /** The S3 error code in the XML body. */
  readonly code: string;
}

export interface S3FaultGate extends Omit<HttpFaultGate, 'fail'> {
  fail(rule: S3GateRule): void;
}

export async function startS3FaultGate(upstream: string): Promise<S3FaultGate> {
  const gate = await startHttpFaultGate(upstream);
  return {
    get endpoint() {
      return gate.endpoint;
    },
    get port() {
      return gate.port;
    },
    get requests() {
      return gate.requests;
    },
    fail({ code, headers, ...rule }: S3GateRule) {
      const withType = { 'content-type': 'application/xml', ...headers };
      gate.fail({
        ...rule,
        headers: withType,
        body: s3ErrorBody(code, 'injected by the test gate'),
      });
    },
    clear: () => gate.clear(),
    close: () => gate.close(),
    [Symbol.asyncDispose]: () => gate.close(),
  };
}
