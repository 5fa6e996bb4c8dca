import { expect } from 'chai';
import { StartupError, describeDatabase, loadConfig, parseDatabaseUrl } from '../../src/config';

describe('config (unit)', () => {
  it('defaults to an embedded SQLite file under ./data on port 4000', () => {
    const config = loadConfig({}, []);
    expect(config.port).to.equal(4000);
    expect(config.database.kind).to.equal('sqlite');
    expect(config.database.kind === 'sqlite' && config.database.file).to.match(/data\/volunteer-grid\.sqlite$/);
    expect(config.jwtSecret).to.equal(null);
    expect(config.imports).to.deep.equal({ batchRows: 500, uploadMaxBytes: 50 * 1024 * 1024, leaseSeconds: 60 });
  });

  it('parses mysql:// and mariadb:// URLs and hides the password when describing them', () => {
    const db = parseDatabaseUrl('mariadb://app:s3cret@db.local:3307/grid', '/tmp');
    expect(db).to.include({ kind: 'mysql', host: 'db.local', port: 3307, database: 'grid' });
    expect(describeDatabase(db)).to.equal('mysql://app:***@db.local:3307/grid');
  });

  it('refuses malformed settings with one clear message', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
      [{ DATABASE_URL: 'postgres://x@y/z' }, /not supported/],
      [{ DATABASE_URL: 'mysql://x@y/' }, /must name a host and a database/],
      [{ PORT: 'eighty' }, /PORT must be an integer/],
      [{ NODE_ENV: 'production' }, /JWT_SECRET must be set/],
      [{ JWT_SECRET: 'short' }, /at least 32 characters/],
      [{ ADMIN_USERNAME: 'admin' }, /set together/],
      [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /ID_HASH_KEY must be set/],
      [{ ID_HASH_KEY: 'short' }, /ID_HASH_KEY must be at least 32 characters/],
      [{ TIME_ZONE: 'Nowhere/Else' }, /TIME_ZONE "Nowhere\/Else" is not an IANA time zone/],
      [{ OFFER_TTL_SECONDS: '0' }, /OFFER_TTL_SECONDS must be an integer between 1/],
      [{ STAR_THRESHOLDS_HOURS: '100,50' }, /STAR_THRESHOLDS_HOURS must be 1 to 10 increasing/],
      [{ STAR_THRESHOLDS_HOURS: 'lots' }, /STAR_THRESHOLDS_HOURS/],
      [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS must list origins like https:\/\/console.example.org separated by commas; "\*" is not one/],
      [{ CORS_ORIGINS: 'https://ok.example.org,https://bad.example.org/path' }, /"https:\/\/bad.example.org\/path" is not one/],
      [{ GRAPHQL_INTROSPECTION: 'yes' }, /GRAPHQL_INTROSPECTION must be 1 or 0/],
      [{ TRUST_PROXY: '0' }, /TRUST_PROXY as a count of proxies must be 1 to 10/],
      [{ TRUST_PROXY: 'loopback, not-an-address' }, /TRUST_PROXY must be a count of proxies or addresses and subnets/],
      [{ IMPORT_BATCH_ROWS: '0' }, /IMPORT_BATCH_ROWS must be an integer between 1 and 5000/],
      [{ IMPORT_UPLOAD_LIMIT_MB: '2000' }, /IMPORT_UPLOAD_LIMIT_MB must be an integer between 1 and 1024/],
      [{ IMPORT_LEASE_SECONDS: '1' }, /IMPORT_LEASE_SECONDS must be an integer between 5 and 3600/],
    ];
    for (const [env, message] of cases) expect(() => loadConfig(env, []), JSON.stringify(env)).to.throw(StartupError, message);
  });

  it('reads the domain settings, with their defaults', () => {
    const defaults = loadConfig({}, []);
    expect(defaults).to.deep.include({ timeZone: 'Asia/Shanghai', starThresholdsHours: [100, 300, 600, 1000, 1500] });
    expect(defaults.offer).to.deep.equal({ ttlSeconds: 600, autoDispatchBatch: 3 });
    expect(defaults.activity).to.deep.equal({ horizonDays: 60, checkInCodeSeconds: 120, autoCheckOutMinutes: 60 });
    const set = loadConfig({ TIME_ZONE: 'Asia/Harbin', STAR_THRESHOLDS_HOURS: ' 50, 200 ', CHECKIN_CODE_SECONDS: '30' }, []);
    expect(set).to.deep.include({ timeZone: 'Asia/Harbin', starThresholdsHours: [50, 200] });
    expect(set.activity.checkInCodeSeconds).to.equal(30);
  });

  it('turns introspection and the landing page off in production unless asked, and reads the CORS allowlist', () => {
    const secrets = { JWT_SECRET: 'x'.repeat(40), ID_HASH_KEY: 'k'.repeat(40) };
    expect(loadConfig({}, [])).to.deep.include({ introspection: true, landingPage: true, corsOrigins: [] });
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }, [])).to.deep.include({ introspection: false, landingPage: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1', GRAPHQL_LANDING_PAGE: 'true', ...secrets }, [])).to.deep.include({ introspection: true, landingPage: true });
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example.org , http://localhost:5173' }, []).corsOrigins).to.deep.equal(['https://a.example.org', 'http://localhost:5173']);
    expect(loadConfig({}, []).trustProxy).to.equal(null);
    expect(loadConfig({ TRUST_PROXY: '2' }, []).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, []).trustProxy).to.deep.equal(['loopback', '10.0.0.0/8']);
  });

  it('reads --demo from the command line', () => {
    expect(loadConfig({}, ['--demo']).demo).to.equal(true);
  });
});
