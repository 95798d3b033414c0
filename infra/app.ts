/**
 * The CDK app (cdk.json's entry): one SiteStack per site the context describes (see
 * site-settings.ts for the keys), checked by cdk-nag's AwsSolutions rules at every synth.
 */
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSiteSettings, siteStackName } from './site-settings.js';
import { SiteStack } from './stacks/site-stack.js';

const app = new App();
const sites = readSiteSettings(
  (key) => app.node.tryGetContext(key),
  (path) => JSON.parse(readFileSync(path, 'utf8')),
);
for (const site of sites) {
  new SiteStack(app, siteStackName(site.partyId), {
    site,
    description: `FATE-Flow serverless site of party ${site.partyId}`,
  });
}
// A violation that is not acknowledged (with its reason, in the construct that causes it) fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
