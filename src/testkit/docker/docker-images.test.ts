import { describe, expect, it } from 'vitest';
import { pinned } from '../versions.ts';
import { dockerImages, s3ServerOf } from './docker-images.ts';

describe('dockerImages', () => {
  it('runs the pinned images when the environment names none', () => {
    expect(dockerImages({})).toEqual({
      postgres: pinned.postgres.image,
      redis: pinned.redis.image,
      s3: pinned.s3.image,
      toxiproxy: pinned.toxiproxy.image,
    });
  });

  it('puts every default image behind a registry prefix, less its own registry host', () => {
    const images = dockerImages({ BULWARK_IMAGE_REGISTRY: 'mirror.example.com:5000/hub/' });
    expect(images.postgres).toBe('mirror.example.com:5000/hub/postgres:15.18-bookworm');
    expect(images.s3).toBe('mirror.example.com:5000/hub/minio/minio:RELEASE.2025-10-15T17-29-55Z');
    expect(images.toxiproxy).toBe('mirror.example.com:5000/hub/shopify/toxiproxy:2.12.0');
  });

  it("takes one service's own image over the prefix, and leaves the others to it", () => {
    const images = dockerImages({
      BULWARK_IMAGE_REGISTRY: 'mirror.example.com',
      BULWARK_REDIS_IMAGE: 'bulwark-local/redis:bookworm-1',
    });
    expect(images.redis).toBe('bulwark-local/redis:bookworm-1');
    expect(images.postgres).toBe('mirror.example.com/postgres:15.18-bookworm');
  });

  it('treats an empty variable as unset', () => {
    expect(dockerImages({ BULWARK_POSTGRES_IMAGE: '', BULWARK_IMAGE_REGISTRY: '' }).postgres).toBe(
      pinned.postgres.image,
    );
  });
});

describe('s3ServerOf', () => {
  it("tells the server from the image's name", () => {
    expect(s3ServerOf('minio/minio:RELEASE.2025-10-15T17-29-55Z', {})).toBe('minio');
    expect(s3ServerOf('bulwark-local/versitygw:v1.8.0-abc', {})).toBe('versitygw');
    expect(s3ServerOf('mirror.example.com/versity/versitygw:v1.8.0', {})).toBe('versitygw');
  });

  it('takes BULWARK_S3_SERVER over the name, and refuses anything else with what is allowed', () => {
    expect(s3ServerOf('my-s3:1', { BULWARK_S3_SERVER: 'versitygw' })).toBe('versitygw');
    expect(() => s3ServerOf('my-s3:1', { BULWARK_S3_SERVER: 'ceph' })).toThrow(
      'BULWARK_S3_SERVER must be minio or versitygw (got "ceph")',
    );
  });
});
