/**
 * The XML body S3 answers an error with (`<Error><Code>SlowDown</Code>...`), for a fault gate
 * that answers as S3 does: the SDK reads the code from it.
 */
export function s3ErrorBody(code: string, message: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${message}</Message><RequestId>gate</RequestId></Error>`
  );
}
