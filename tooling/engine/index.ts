/**
 * Runs real workflow JSON through n8n's own execution engine (n8n-core WorkflowExecute) with the
 * built node package from dist/, against whatever HTTP server the test points credentials at.
 */
export { runWorkflow, type RunResult, type RunWorkflowOptions } from './runWorkflow';
export {
	getCredentialType,
	loadNodeTypes,
	registerCredentialType,
	registerNodeType,
} from './nodeTypes';
export { HarnessCredentialsHelper, type HarnessCredential } from './credentialsHelper';
export { ITEMS_NODE_TYPE, ItemsTrigger, itemsInto } from './itemsTrigger';
export { INSTANCE_URL } from './additionalData';
export { listenToLogs } from './environment';
export { startWebhookHarness, type WebhookHarness, type WebhookHarnessOptions } from './webhook';
