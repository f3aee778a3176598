import { describe, expect, it } from 'vitest';
import { postgresSpans } from './postgres-spans.ts';

const call = { operation: 'query', idempotent: true } as const;

describe('postgresSpans', () => {
  it('names spans after the statement and the table, and finds the server in a connection string', () => {
    const spans = postgresSpans({
      connectionString: 'postgres://u:secret@db.internal:6543/orders',
    });
    const ofInsert = { ...call, context: { statement: 'INSERT', table: 'items' } };
    expect(spans.name(ofInsert)).toBe('INSERT items');
    expect(spans.attributes(ofInsert)).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'INSERT',
      'db.collection.name': 'items',
      'db.namespace': 'orders',
      'server.address': 'db.internal',
      'server.port': 6543,
    });
    expect(JSON.stringify(spans.attributes(ofInsert))).not.toContain('secret');
  });

  it("takes the fields, and pg's defaults where they say nothing", () => {
    const spans = postgresSpans({ host: '10.0.0.5' });
    const ofSelect = { ...call, context: { statement: 'SELECT' } };
    expect(spans.name(ofSelect)).toBe('SELECT');
    expect(spans.attributes(ofSelect)).toMatchObject({
      'server.address': '10.0.0.5',
      'server.port': 5432,
    });
    expect(postgresSpans({}).attributes(call)).toMatchObject({ 'server.address': 'localhost' });
  });
});
