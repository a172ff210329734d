import { amzDate, sha256Hex, signV4 } from '../../src/storage/sigv4'

// AWS's published example "GET Object" (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)
test('SigV4 matches the example in the AWS documentation', () => {
  const emptyHash = sha256Hex('')
  expect(emptyHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  const { signature, authorization } = signV4(
    { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' },
    {
      method: 'GET',
      path: '/test.txt',
      query: '',
      headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': emptyHash, 'x-amz-date': '20130524T000000Z' },
      payloadHash: emptyHash,
    },
    '20130524T000000Z',
  )
  expect(signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41')
  expect(authorization).toBe(
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  )
})

test('amzDate is the basic ISO form', () => {
  expect(amzDate(Date.UTC(2013, 4, 24, 0, 0, 0, 123))).toBe('20130524T000000Z')
})
