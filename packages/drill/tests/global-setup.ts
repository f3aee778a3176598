// bulwark's test kit global setup (`bulwark/testkit/global-setup`): the services of the run,
// started once and handed to the workers (`inject('bulwarkServices')`). Re-exported from here
// because vitest resolves a package name in `globalSetup` itself, with Node's default
// conditions, to the built dist/; this file is loaded like a test file, with the
// `bulwark-source` condition of vitest.config.ts, so no build is needed.
export { default } from 'bulwark/testkit/global-setup';
