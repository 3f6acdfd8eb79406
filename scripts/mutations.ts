/**
 * Breaks each reliability and validation rule in the node once, rebuilds, and runs the tests that
 * guard it: every mutation must make them fail ("killed"). A survivor means a rule without a
 * test. Run it in a scratch copy (it edits the source in place and restores it):
 *   git worktree add /tmp/mutations HEAD && ln -s "$PWD/node_modules" /tmp/mutations/ \
 *     && (cd /tmp/mutations && npx tsx scripts/mutations.ts [part of a rule's name | --locate])
 * `--shard i/n` runs every n-th mutation from the i-th (1-based): n scratch copies, one shard
 * each, share the work between cores (tsc and a single jest file each use about one).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutation {
	rule: string;
	file: string;
	/** Code to break, matched with any white space between its words (formatting may change). */
	from: string;
	to: string;
	tests: string[];
}

const T = 'nodes/PlivoPhlo/transport';
const POLICY = `${T}/retryPolicy.ts`;
const ANSWER = `${T}/answer.ts`;
const ENDPOINTS = `${T}/endpoints.ts`;
const FLOW = 'nodes/PlivoPhlo/pace/flowControl.ts';
const PACER = 'nodes/PlivoPhlo/pace/accountPace.ts';
const LEARNED_RATE = 'nodes/PlivoPhlo/pace/learnedRate.ts';
const ROUTER = 'nodes/PlivoPhlo/run/router.ts';
const HINTS = 'nodes/PlivoPhlo/run/hints.ts';
const MEMORY = 'nodes/PlivoPhlo/run/executionMemory.ts';
const ONCE = 'test/engine/once.test.ts';
const FAULTS = 'test/engine/faults.test.ts';
const MUTATIONS: Mutation[] = [
	{
		rule: 'call-placing requests are never re-sent after a fault',
		file: POLICY,
		from: "const mayRepeat = outcome.fault === 'refused' || repeat !== 'once';",
		to: 'const mayRepeat = true;',
		tests: [FAULTS, 'test/unit/retryPolicy.test.ts'],
	},
	{
		rule: 'call-placing requests are never re-sent after a 5xx',
		file: POLICY,
		from: "const transient = outcome.status >= 500 && repeat !== 'once';",
		to: 'const transient = outcome.status >= 500;',
		tests: [FAULTS],
	},
	{
		rule: 'reads and toggles are retried after a 5xx',
		file: POLICY,
		from: "const transient = outcome.status >= 500 && repeat !== 'once';",
		to: 'const transient = false;',
		tests: [FAULTS],
	},
	{
		rule: 'a 429 waits for Retry-After',
		file: POLICY,
		from: 'const waitMs = retryAfterMs(outcome.retryAfter, now) ?? backoff;',
		to: 'const waitMs = 0;',
		tests: [FAULTS],
	},
	{
		rule: 'retries stay within Max Retries',
		file: POLICY,
		from: 'state.retries < budget.maxRetries &&',
		to: '',
		tests: [FAULTS],
	},
	{
		rule: 'the token is scrubbed from everything the node shows',
		file: `${T}/redact.ts`,
		from: 'for (const spelling of spellings) clean = clean.split(spelling).join(REDACTED);',
		to: '',
		tests: [FAULTS, 'test/unit/transport.test.ts'],
	},
	{
		rule: 'plain http goes only to this machine',
		file: ENDPOINTS,
		from: '!(isLoopbackHost(typedHost) && isLoopbackHost(url.hostname))',
		to: '!(typedHost !== undefined)',
		tests: ['test/unit/endpoints.test.ts'],
	},
	{
		rule: "the credential's Test button refuses what the node refuses",
		file: ENDPOINTS,
		from: '(parts[1].toLowerCase() === "https" ||',
		to: '(true ||',
		tests: ['test/unit/endpoints.test.ts'],
	},
	{
		rule: 'redirects are never followed',
		file: `${T}/send.ts`,
		from: 'disableFollowRedirect: true,',
		to: 'disableFollowRedirect: false,',
		tests: [FAULTS, 'test/unit/send.test.ts'],
	},
	{
		rule: 'the Timeout is a deadline for the whole exchange, not an idle time',
		file: `${T}/send.ts`,
		from: 'sleep(timeoutMs, stopTimer.signal)',
		to: 'sleep(timeoutMs * 1000, stopTimer.signal)',
		tests: ['test/unit/send.test.ts', FAULTS],
	},
	{
		rule: 'no more than 1 MB of an answer is read',
		file: `${T}/send.ts`,
		from: 'if (size > MAX_ANSWER_BYTES) {',
		to: 'if (size < 0) {',
		tests: ['test/unit/send.test.ts', FAULTS],
	},
	{
		rule: 'server text is scrubbed before it is cut',
		file: `${T}/redact.ts`,
		from: 'return cutText(redact(text), max);',
		to: 'return redact(cutText(text, max));',
		tests: ['test/unit/answer.test.ts', 'test/unit/redact.test.ts', FAULTS],
	},
	{
		rule: 'a success answer is scrubbed before it is output',
		file: ANSWER,
		from: 'const success = scrubbed(body, redact);',
		to: 'const success = scrubbed(body, (text) => text);',
		tests: ['test/unit/answer.test.ts', FAULTS],
	},
	{
		rule: 'duplicate keys in a JSON payload are refused',
		file: 'nodes/PlivoPhlo/helpers/payload.ts',
		from: 'if (seen.has(key)) return key;',
		to: '',
		tests: ['test/unit/validation.test.ts'],
	},
	{
		rule: 'a __proto__ payload key is refused',
		file: 'nodes/PlivoPhlo/helpers/payload.ts',
		from: "|| key === '__proto__'",
		to: '',
		tests: ['test/unit/validation.test.ts'],
	},
	{
		rule: 'IDs must be UUIDs, so nothing typed can change the URL',
		file: 'nodes/PlivoPhlo/helpers/validation.ts',
		from: 'const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;',
		to: 'const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;',
		tests: ['test/engine/warmTransfer.test.ts', 'test/unit/paths.test.ts'],
	},
	{
		rule: 'each output is paired to its own input item',
		file: ROUTER,
		from: 'results[itemIndex] = { json: item.outputOf(answer), pairedItem: { item: itemIndex } };',
		to: 'results[itemIndex] = { json: item.outputOf(answer), pairedItem: { item: 0 } };',
		tests: [FAULTS, 'test/engine/warmTransfer.test.ts'],
	},
	{
		rule: 'without continue-on-fail the run stops at the first failed item',
		file: ROUTER,
		from: 'const stopped = () => failures.size > 0;',
		to: 'const stopped = () => false;',
		tests: [FAULTS],
	},
	{
		rule: 'a run that stopped fails when "Fail When the Run Stops" is on',
		file: 'nodes/PlivoPhlo/actions/phlo/index.ts',
		from: 'return stopped && failOnStoppedRun ?',
		to: 'return stopped && !failOnStoppedRun && false ?',
		tests: ['test/engine/operations.test.ts'],
	},
	{
		rule: 'a 2xx whose error is not empty is a failure',
		file: ANSWER,
		from: "if (body && !plivoText && typeof body.api_id === 'string')",
		to: "if (body && typeof body.api_id === 'string')",
		tests: ['test/engine/warmTransfer.test.ts'],
	},
	{
		rule: 'a 2xx without an api_id is a readable error',
		file: ANSWER,
		from: "if (body && !plivoText && typeof body.api_id === 'string')",
		to: 'if (body && !plivoText)',
		tests: [FAULTS],
	},
	{
		rule: 'a transfer to the agent who starts it is refused',
		file: 'nodes/PlivoPhlo/actions/multiPartyCall/index.ts',
		from: 'requireDifferent(to, triggerSource, toField.displayName, triggerSourceField.displayName);',
		to: 'void requireDifferent;',
		tests: ['test/engine/warmTransfer.test.ts'],
	},
	{
		rule: 'no more than Max Requests in Flight at once',
		file: FLOW,
		from: 'while (inFlight < this.limit && next',
		to: 'while (next',
		tests: ['test/engine/concurrency.test.ts', 'test/unit/flowControl.test.ts'],
	},
	{
		rule: 'Max Requests per Second spaces requests',
		file: FLOW,
		from: 'this.account.join(maxRequestsPerSecond, maxRetryWaitMs)',
		to: 'this.account.join(maxRequestsPerSecond * 0, maxRetryWaitMs)',
		tests: ['test/engine/concurrency.test.ts', 'test/unit/flowControl.test.ts'],
	},
	{
		rule: 'a 429 halves the window (multiplicative decrease)',
		file: FLOW,
		from: 'this.window = Math.max(1, this.window / 2);',
		to: 'this.window = Math.max(1, this.window);',
		tests: ['test/unit/flowControl.test.ts'],
	},
	{
		rule: 'after a 429, requests are paced at the rate Plivo accepted',
		file: LEARNED_RATE,
		from: 'this.turns = whole(measured);',
		to: 'void whole(measured);',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a request asking again after a 429 keeps its place in line',
		file: PACER,
		from: 'this.line[place - 1].order > waiter.order',
		to: 'this.line[place - 1].order > Infinity',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a process that gets less accepted than it sends learns its share',
		file: LEARNED_RATE,
		from: 'measured < SHARE_LOST * current',
		to: 'measured < SHARE_LOST * 0',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a small share is read from the spacing of its last answers',
		file: LEARNED_RATE,
		from: 'const last = recent.slice(-MIN_ANSWERS_FOR_RATE);',
		to: 'const last = recent;',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a small share is read whatever the phase of its answers',
		file: LEARNED_RATE,
		from: 'const spanMs = Math.max(last.at(-1)! - last[0],',
		to: 'const spanMs = Math.max(now - last[0],',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a share cut takes at most a fifth of the pace at once',
		file: LEARNED_RATE,
		from: 'whole(Math.max(measured ?? 0, SHARE_CUT * turns))',
		to: 'whole(measured ?? 0)',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'the learned pace gives no more than its whole turns in any window, even after a late pump',
		file: PACER,
		from: 'if (turns <= this.givenAt.length) due = Math.max(due, this.givenAt.at(-turns)! + windowMs);',
		to: '',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'the learned pace cuts at most once a second',
		file: LEARNED_RATE,
		from: 'now - this.cutAt < 1000 ||',
		to: '',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a 429 for a request sent before the last cut does not cut again',
		file: LEARNED_RATE,
		from: '|| sentAt < this.cutAt',
		to: '',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: "a lone 429 after no try of this process's own takes no turn off, a second within 10 s does",
		file: LEARNED_RATE,
		from: 'shareLost || now - this.lone429At < SECOND_429_MS',
		to: 'shareLost || now - this.lone429At >= -SECOND_429_MS',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a lone 429 widens the learned window',
		file: LEARNED_RATE,
		from: 'this.windowMs = Math.min(LONGEST_WINDOW_MS, this.windowMs + WIDEN_MS);',
		to: 'void LONGEST_WINDOW_MS;',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'the learned window widens to 1200 ms at most',
		file: LEARNED_RATE,
		from: 'Math.min(LONGEST_WINDOW_MS, this.windowMs + WIDEN_MS)',
		to: 'Math.min(LONGEST_WINDOW_MS + Infinity, this.windowMs + WIDEN_MS)',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a turn off starts the window over',
		file: LEARNED_RATE,
		from: 'oneLess(current); this.windowMs = TURN_WINDOW_MS;',
		to: 'oneLess(current);',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'turns are given in the learned window',
		file: LEARNED_RATE,
		from: 'windowMs: Math.max(this.windowMs,',
		to: 'windowMs: Math.max(1050,',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a try narrows a widened window before it adds a turn',
		file: LEARNED_RATE,
		from: 'if (this.windowMs > TURN_WINDOW_MS) {',
		to: 'if (this.windowMs < TURN_WINDOW_MS) {',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a narrowing that meets a 429 is taken back',
		file: LEARNED_RATE,
		from: 'this.windowMs = this.tried.windowMs;',
		to: '',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a narrowing that holds does not make the next try sooner',
		file: LEARNED_RATE,
		from: 'this.tried !== undefined && this.tried.turns < this.turns',
		to: 'this.tried !== undefined',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'the learned pace tries one turn more without a 429',
		file: LEARNED_RATE,
		from: ': this.turns + this.tryStep;',
		to: ': this.turns;',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'each try that holds is twice the last',
		file: LEARNED_RATE,
		from: 'Math.min(this.tryStep * 2,',
		to: 'Math.min(this.tryStep * 1,',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a try is at most a quarter of the pace',
		file: LEARNED_RATE,
		from: 'Math.max(1, Math.floor(this.turns / 4))',
		to: 'Math.max(1, Math.floor(this.turns / 1))',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a try that meets a 429 is taken back whole',
		file: LEARNED_RATE,
		from: ': this.tried.turns;',
		to: ': oneLess(current);',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a pace in use again after a spell unused tries after the first wait',
		file: LEARNED_RATE,
		from: 'this.tryWaitMs = FIRST_TRY_MS;',
		to: 'void FIRST_TRY_MS;',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'no try while the learned pace is not in use',
		file: LEARNED_RATE,
		from: 'if (this.inUse()) {',
		to: 'if (this.inUse() || true) {',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a try that meets a 429 waits twice as long before the next',
		file: LEARNED_RATE,
		from: 'this.tryWaitMs = Math.min(MAX_TRY_MS, this.tryWaitMs * 2);',
		to: 'this.tryWaitMs = Math.min(MAX_TRY_MS, this.tryWaitMs);',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'a Retry-After pauses every new request',
		file: PACER,
		from: 'this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, longest));',
		to: '',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'one pace per account, shared by every execution in the process',
		file: PACER,
		from: 'let pace = accounts.get(key);',
		to: 'let pace: AccountPace | undefined;',
		tests: ['test/engine/sharedPace.test.ts', 'test/unit/pacer.test.ts'],
	},
	{
		rule: 'waiting for a turn is not a retry (bounded by Max Wait for a Turn, not Max Retry Wait)',
		file: FLOW,
		from: 'maxWaitMs: this.settings.maxTurnWaitMs,',
		to: 'maxWaitMs: maxPauseMs,',
		tests: ['test/engine/sharedPace.test.ts'],
	},
	{
		rule: 'no wait for a turn beyond Max Wait for a Turn',
		file: PACER,
		from: 'this.line.filter((w) => now - w.since >= w.limits.maxWaitMs)',
		to: 'this.line.filter(() => false)',
		tests: ['test/engine/sharedPace.test.ts', 'test/unit/pacer.test.ts'],
	},
	{
		rule: 'a cancelled execution gives up its place in line at once',
		file: PACER,
		from: "if (this.leave(waiter)) waiter.settle(new NoTurnError('cancelled', Date.now() - now));",
		to: '',
		tests: ['test/engine/sharedPace.test.ts', 'test/unit/pacer.test.ts'],
	},
	{
		rule: 'no pause beyond Max Retry Wait: a newcomer fails at once',
		file: PACER,
		from: "if (now < this.pausedUntil && asked > limits.maxPauseMs) throw new NoTurnError('pause', asked);",
		to: 'void asked;',
		tests: ['test/engine/faults.test.ts', 'test/unit/pacer.test.ts'],
	},
	{
		rule: 'no pause beyond Max Retry Wait: those in line fail at once',
		file: PACER,
		from: 'this.line.filter((w) => asked > w.limits.maxPauseMs)',
		to: 'this.line.filter(() => false)',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'idle accounts are forgotten',
		file: PACER,
		from: 'pace.isIdle(now, IDLE_MS)',
		to: 'pace.isIdle(now, Infinity)',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'once per execution: a retry of the node run never re-sends what Plivo answered',
		file: ROUTER,
		from: 'const memory = openRunMemory(runIdentity(this), triesOf(this.getNode()).maxTries);',
		to: 'const memory = openRunMemory(runIdentity(this) && undefined, triesOf(this.getNode()).maxTries);',
		tests: [ONCE],
	},
	{
		rule: 'once per execution: an unknown outcome is not sent again either',
		file: MEMORY,
		from: "memory.remember(itemIndex, call, { kind: 'outcomeUnknown', error: error as Error });",
		to: 'void error;',
		tests: [ONCE, 'test/unit/executionMemory.test.ts'],
	},
	{
		rule: 'once per execution: two items asking the same are both sent',
		file: MEMORY,
		from: '`${itemIndex}\\n${call}`',
		to: 'call',
		tests: [ONCE, 'test/unit/executionMemory.test.ts'],
	},
	{
		rule: 'once per execution: a later run of the node is new work',
		file: MEMORY,
		from: 'identity.nodeId, identity.runIndex]',
		to: 'identity.nodeId]',
		tests: [ONCE, 'test/unit/executionMemory.test.ts'],
	},
	{
		rule: 'one request at a time per participant, in item order',
		file: ROUTER,
		from: '(itemIndex) => prepared[itemIndex].participant',
		to: '() => undefined',
		tests: ['test/engine/participantOrder.test.ts', 'test/property/counterexamples.test.ts'],
	},
	{
		rule: 'no new request starts once the run stops (not even a retry)',
		file: `${T}/index.ts`,
		from: 'if (connection.stopped?.())',
		to: 'if (connection.stopped?.() && false)',
		tests: [ONCE],
	},
	{
		rule: 'a stopped run reports what each item did',
		file: ROUTER,
		from: 'throw withRunReport(this.getNode(), failures.get(report.stoppedAt)!, report);',
		to: 'throw failures.get(report.stoppedAt) ?? withRunReport(this.getNode(), failures.get(report.stoppedAt)!, report);',
		tests: [ONCE],
	},
	{
		rule: 'the run says which PHLO runs stopped (execution hint)',
		file: HINTS,
		from: 'if (this.stoppedRuns.size > 0) {',
		to: 'if (this.stoppedRuns.size < 0) {',
		tests: ['test/engine/hints.test.ts'],
	},
	{
		rule: 'the run says which items failed with outcome unknown (execution hint)',
		file: HINTS,
		from: 'if (this.outcomeUnknown.size > 0) {',
		to: 'if (this.outcomeUnknown.size < 0) {',
		tests: ['test/engine/hints.test.ts'],
	},
	{
		rule: 'the run says how long requests waited for turns (execution hint)',
		file: HINTS,
		from: 'if (waits.totalMs >= WAIT_WORTH_A_HINT_MS) {',
		to: 'if (waits.totalMs >= WAIT_WORTH_A_HINT_MS * 1e9) {',
		tests: ['test/engine/hints.test.ts'],
	},
	{
		rule: 'a PHLO ID from a URL is taken only from a Plivo host',
		file: 'nodes/PlivoPhlo/helpers/validation.ts',
		from: "(host === 'plivo.com' || host.endsWith('.plivo.com')) && ids.length === 1",
		to: 'host === host && ids.length === 1',
		tests: ['test/engine/phloIdLocator.test.ts', 'test/unit/validation.test.ts'],
	},
	{
		rule: 'a By URL PHLO ID without an ID fails naming the field as the editor shows it',
		file: 'nodes/PlivoPhlo/actions/fields.ts',
		from: 'throw noPhloIdInUrl(typed?.value, displayName);',
		to: 'throw noPhloIdInUrl(typed?.value, name);',
		tests: ['test/engine/phloIdLocator.test.ts'],
	},
	{
		rule: 'on n8n before 2.34 a cancel stops a wait at once (sleepWithAbort, not sleep)',
		file: 'nodes/PlivoPhlo/n8nBehaviour.ts',
		from: "return typeof exported.sleepWithAbort === 'function' ? exported.sleepWithAbort : exported.sleep;",
		to: 'return exported.sleep;',
		tests: ['test/unit/n8nBehaviour.test.ts'],
	},
	// the e2e suite: each line runs the node against its own n8n-workflow, and its workflows go live
	{
		rule: 'e2e: the installed package finds n8n-workflow only through the n8n that loads it',
		file: 'tooling/n8n/package.ts',
		from: "found = createRequire(join(packageDir, 'package.json')).resolve('n8n-workflow');",
		to: 'return;',
		tests: ['test/tooling/installing.test.ts'],
	},
	{
		rule: 'e2e: n8n user folders live outside the checkout and its node_modules',
		file: 'tooling/n8n/paths.ts',
		from: "const base = join(tmpdir(), 'n8n-nodes-plivo-phlo');",
		to: 'const base = SCRATCH;',
		tests: ['test/tooling/installing.test.ts'],
	},
	{
		rule: 'e2e: n8n 2.0.x publishes imported workflows over REST once running',
		file: 'tooling/n8n/importing.ts',
		from: "return major === 2 && minor === 0 ? 'rest once running' : 'publish:workflow';",
		to: "return 'publish:workflow';",
		tests: ['test/tooling/installing.test.ts'],
	},
	{
		rule: 'what sent is kept whenever n8n 1.x may try again (error null or false)',
		file: 'nodes/PlivoPhlo/n8nBehaviour.ts',
		from: 'return output[0]?.json.error !== undefined;',
		to: 'const error = output[0]?.json.error; return error !== undefined && error !== null && error !== false;',
		tests: ['test/unit/n8nBehaviour.test.ts'],
	},
	// pace: Retry-After read as what it is, the longest pause, the probe, idle forgetting, pure reads
	{
		rule: 'a Retry-After of 1e9 and more is a point in time in epoch seconds',
		file: POLICY,
		from: 'else if (number >= EPOCH_SECONDS) waitMs = number * 1000 - now;',
		to: 'else if (number >= EPOCH_SECONDS) waitMs = number * 1000;',
		tests: ['test/unit/retryPolicy.test.ts', 'test/engine/sharedPace.test.ts'],
	},
	{
		rule: 'no Retry-After is read as more than a day',
		file: POLICY,
		from: 'return Math.min(LONGEST_RETRY_AFTER_MS, Math.max(0, waitMs));',
		to: 'return Math.max(0, waitMs);',
		tests: ['test/unit/retryPolicy.test.ts'],
	},
	{
		rule: 'no answer pauses the account past the longest Max Retry Wait of the runs using it',
		file: PACER,
		from: 'now + Math.min(retryAfterMs, longest)',
		to: 'now + retryAfterMs',
		tests: ['test/unit/pacer.test.ts', 'test/engine/sharedPace.test.ts'],
	},
	{
		rule: 'after a pause cut short, one request (the probe) goes before the others',
		file: PACER,
		from: 'if (retryAfterMs > longest) this.probe = {};',
		to: 'if (retryAfterMs > Infinity) this.probe = {};',
		tests: ['test/unit/pacer.test.ts', 'test/engine/sharedPace.test.ts'],
	},
	{
		rule: 'a probe that gets no answer is followed by the next 15 s later',
		file: PACER,
		from: 'Math.min(PROBE_AGAIN_MS, longestPauseMs)',
		to: 'Math.min(PROBE_AGAIN_MS * 2, longestPauseMs)',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'an idle account is forgotten even while paused',
		file: PACER,
		from: 'this.runs.size === 0 && now - this.lastUsed >= idleMs',
		to: 'this.runs.size === 0 && this.pausedUntil <= now && now - this.lastUsed >= idleMs',
		tests: ['test/unit/pacer.test.ts'],
	},
	{
		rule: 'reading the learned pace changes nothing',
		file: LEARNED_RATE,
		from: 'if (this.turns === 0) return undefined;',
		to: 'this.tryMore(Date.now()); if (this.turns === 0) return undefined;',
		tests: ['test/unit/pacer.test.ts'],
	},
	// trigger: the Plivo PHLO Trigger's checks on requests coming in.
	{
		rule: 'trigger: a replayed nonce is refused',
		file: 'nodes/PlivoPhloTrigger/auth.ts',
		from: "if (verdict === 'replay') return 'refused';",
		to: '',
		tests: ['test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: the URL query is part of the signed text',
		file: 'nodes/PlivoPhloTrigger/signature.ts',
		from: "const rawQuery = url[cut] === '?' ? url.slice(cut + 1).split('#')[0] : '';",
		to: "const rawQuery = '';",
		tests: ['test/unit/signature.test.ts', 'test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: one of several signatures in the header is enough',
		file: 'nodes/PlivoPhloTrigger/signature.ts',
		from: "for (const candidate of header.split(','))",
		to: 'for (const candidate of [header])',
		tests: ['test/unit/signature.test.ts'],
	},
	{
		rule: "trigger: X-Plivo-Signature-Ma-V3 is checked with the main account's token",
		file: 'nodes/PlivoPhloTrigger/auth.ts',
		from: "['x-plivo-signature-v3', 'x-plivo-signature-ma-v3']",
		to: "['x-plivo-signature-v3']",
		tests: ['test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: an event not picked starts no execution',
		file: 'nodes/PlivoPhloTrigger/PlivoPhloTrigger.node.ts',
		from: 'if (!isPicked(events, String(json.event))) {',
		to: 'if (!isPicked(events, String(json.event)) && false) {',
		tests: ['test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: basic auth needs the user as well as the password',
		file: 'nodes/PlivoPhloTrigger/auth.ts',
		from: 'return userMatches && passwordMatches',
		to: 'return (userMatches || true) && passwordMatches',
		tests: ['test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: the header-auth secret is not in the output',
		file: 'nodes/PlivoPhloTrigger/output.ts',
		from: 'if (request.secretHeader) secret.add(request.secretHeader.toLowerCase());',
		to: '',
		tests: ['test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: a late workflow gets 504 at the Answer Timeout',
		file: 'nodes/PlivoPhloTrigger/PlivoPhloTrigger.node.ts',
		from: 'answerWithin(res, seconds);',
		to: 'answerWithin(res, seconds * 1000);',
		tests: ['test/engine/trigger.test.ts'],
	},
	// transport:
	{
		rule: 'the Basic value is scrubbed as Base64 without padding too',
		file: `${T}/redact.ts`,
		from: 'return [padded, unpadded, urlSafe(padded), urlSafe(unpadded)];',
		to: 'return [padded, urlSafe(padded), unpadded.slice(0, 0)];',
		tests: ['test/unit/redact.test.ts', 'test/engine/serverText.test.ts'],
	},
	{
		rule: 'the token is scrubbed in its escaped spellings (\\uXXXX, %XX)',
		file: `${T}/redact.ts`,
		from: 'if (!/[\\\\%]/.test(clean) || !hasSecret(unescaped(clean))) return clean;',
		to: 'return clean;',
		tests: ['test/unit/redact.test.ts'],
	},
	{
		rule: 'every server text is cut to 1,000 characters',
		file: `${T}/redact.ts`,
		from: 'if (text.length <= max) return text;',
		to: 'return text;',
		tests: ['test/unit/redact.test.ts', 'test/engine/serverText.test.ts'],
	},
	{
		rule: "a stopped run's report lists an api_id only if it is an id",
		file: 'nodes/PlivoPhlo/run/stoppedRun.ts',
		from: "if (typeof apiId === 'string' && API_ID.test(apiId))",
		to: "if (typeof apiId === 'string' && (API_ID.test(apiId) || apiId !== ''))",
		tests: ['test/unit/stoppedRun.test.ts', 'test/engine/serverText.test.ts'],
	},
	{
		rule: "the credential's Test button never follows a redirect",
		file: `${T}/credentialTest.ts`,
		from: 'disableFollowRedirect: true,',
		to: 'disableFollowRedirect: false,',
		tests: ['test/engine/credentialTest.test.ts'],
	},
	{
		rule: "the credential's Test button ends by its 15 s deadline",
		file: `${T}/credentialTest.ts`,
		from: 'const deadline = AbortSignal.timeout(CREDENTIAL_TEST_TIMEOUT_MS);',
		to: 'const deadline = AbortSignal.timeout(CREDENTIAL_TEST_TIMEOUT_MS * 100);',
		tests: ['test/engine/credentialTest.test.ts'],
	},
	{
		rule: "the credential's Test button shows no server text (a rule for every status)",
		file: `${T}/credentialTest.ts`,
		from: '{ length: LAST_STATUS - FIRST_STATUS + 1 }',
		to: '{ length: (LAST_STATUS - FIRST_STATUS + 1) * 0 }',
		tests: ['test/engine/credentialTest.test.ts'],
	},
	{
		rule: 'trigger: a full nonce memory refuses rather than forget a nonce still in its window',
		file: 'nodes/PlivoPhloTrigger/nonces.ts',
		from: "if (this.seenAt.size >= this.capacity) return 'full';",
		to: 'if (this.seenAt.size >= this.capacity) this.seenAt.delete(this.seenAt.keys().next().value!);',
		tests: ['test/unit/nonces.test.ts', 'test/engine/trigger.test.ts'],
	},
	{
		rule: 'trigger: on n8n without getWebhookResourceUrl a test request is signed over the test URL',
		file: 'nodes/PlivoPhloTrigger/auth.ts',
		from: '.replace(/[^/]*$/, endpoint) + tail;',
		to: ';',
		tests: ['test/unit/triggerUrl.test.ts'],
	},
	{
		rule: "trigger: an on-exit action callback's MPCFriendlyName is the item's mpcName",
		file: 'nodes/PlivoPhloTrigger/output.ts',
		from: "field('MPCName', 'MPCFriendlyName',",
		to: "field('MPCName',",
		tests: ['test/unit/triggerOutput.test.ts'],
	},
	{
		rule: 'the simulator sends an MPC event about the whole call, naming no member',
		file: 'simulator/callbacks.ts',
		from: 'if (/^MPC/.test(request.event))',
		to: 'if (request.event === "")',
		tests: ['test/simulator/callbacks.test.ts'],
	},
	// The simulator's side of the trigger: what its tests hold Plivo's requests to.
	{
		rule: 'the simulator signs a repeated key with its values sorted',
		file: 'simulator/signing.ts',
		from: '[...valuesOf(params[key])].sort().map(',
		to: '[...valuesOf(params[key])].map(',
		tests: ['test/simulator/signing.test.ts'],
	},
	{
		rule: 'the simulator signs the URL Plivo was given, not the address it connects to',
		file: 'simulator/delivery.ts',
		from: 'signatureHeaders(keys, method, url, nonce,',
		to: 'signatureHeaders(keys, method, outgoing.via ?? url, nonce,',
		tests: ['test/simulator/callbacks.test.ts'],
	},
	{
		rule: 'the wrong-signature fault signs with another token',
		file: 'simulator/delivery.ts',
		from: "fault === 'wrongSignature' ? { authToken: WRONG_TOKEN } : outgoing.keys",
		to: 'outgoing.keys',
		tests: ['test/simulator/callbacks.test.ts'],
	},
	// run: the identity of a call, memory only while a try can ask, the fail-safe note, a
	// participant's chain, success outputs, answers that leave the outcome open, cancellation.
	{
		rule: 'run: a call is its item and operation, not the body its expressions build',
		file: ROUTER,
		from: "return request.repeat === 'read' ? undefined : operation;",
		to: "return request.repeat === 'read' ? undefined : JSON.stringify([operation, request.body ?? null]);",
		tests: [ONCE],
	},
	{
		rule: 'run: nothing is kept with Retry On Fail off',
		file: MEMORY,
		from: 'if (!identity || maxTries <= 1) return FORGETFUL;',
		to: 'if (!identity) return FORGETFUL;',
		tests: [ONCE, 'test/unit/executionMemory.test.ts'],
	},
	{
		rule: 'run: a failed run is kept until its last try',
		file: MEMORY,
		from: 'if (!failed || current.tries >= current.maxTries) drop(runKey);',
		to: 'if (!failed || current.tries >= 1) drop(runKey);',
		tests: [ONCE, 'test/unit/executionMemory.test.ts'],
	},
	{
		rule: 'run: a try still running is never dropped by time',
		file: MEMORY,
		from: 'const idleSince = run.tryStartedAt === undefined ? run.lastTryEndedAt : undefined;',
		to: 'const idleSince = run.lastTryEndedAt;',
		tests: ['test/unit/executionMemory.test.ts', 'test/engine/memoryBounds.test.ts'],
	},
	{
		rule: 'run: an item whose outcome the byte bound gave up fails safe, never sent again',
		file: MEMORY,
		from: "if (earlier?.kind === 'forgotten') throw forgotten();",
		to: '',
		tests: ['test/unit/executionMemory.test.ts', 'test/engine/memoryBounds.test.ts'],
	},
	{
		rule: "run: a participant's later items are not sent after one failed",
		file: 'nodes/PlivoPhlo/run/participantOrder.ts',
		from: 'if (error === undefined) continue;',
		to: 'if (error === undefined || error !== undefined) continue;',
		tests: ['test/engine/participantOrder.test.ts', 'test/unit/participantOrder.test.ts'],
	},
	{
		rule: 'run: a success output carries no error key',
		file: ANSWER,
		from: 'delete success.error;',
		to: '',
		tests: [ONCE, 'test/unit/answer.test.ts'],
	},
	{
		rule: 'run: a 2xx with an error text to a call-placing request is outcome unknown',
		file: ANSWER,
		from: "if (plivoText && request.repeat === 'once') {",
		to: 'if (plivoText && !request) {',
		tests: [ONCE],
	},
	{
		rule: 'run: a call-placing request answered with a redirect is not sent again',
		file: ANSWER,
		from: "throw request.repeat === 'once' ? markOutcomeUnknown(redirect) : redirect;",
		to: 'throw redirect;',
		tests: [ONCE],
	},
	{
		rule: 'run: cancelling a wait names the item and whether Plivo may have acted',
		file: `${T}/index.ts`,
		from: 'throw waitCancelledError(ctx.getNode(), itemIndex, waited);',
		to: 'throw new Error(`aborted after ${waited.retries} tries`);',
		tests: ['test/engine/cancel.test.ts'],
	},
	{
		rule: 'an option past its bound is refused (Timeout over 300,000 ms would overflow the timer)',
		file: 'nodes/PlivoPhlo/run/options.ts',
		from: '!(value >= minValue && value <= maxValue)',
		to: '!(value >= minValue && value <= Infinity + maxValue)',
		tests: ['test/unit/decisions.test.ts'],
	},
	{
		rule: 'By URL takes no UUID that runs on into more hex digits',
		file: 'nodes/PlivoPhlo/helpers/validation.ts',
		from: '(?<!${HEX})(${UUID_SOURCE})(?!${HEX})',
		to: '(${UUID_SOURCE})',
		tests: ['test/unit/decisions.test.ts'],
	},
	{
		rule: 'By URL refuses a URL with two UUIDs',
		file: 'nodes/PlivoPhlo/helpers/validation.ts',
		from: 'const WITHOUT_UUID = `(?:(?!${UUID_SOURCE})\\\\S)*`;',
		to: 'const WITHOUT_UUID = `\\\\S*?`;',
		tests: ['test/unit/decisions.test.ts'],
	},
	{
		rule: 'a SIP address with port 5060 is the same participant as without',
		file: 'nodes/PlivoPhlo/helpers/validation.ts',
		from: "return number === SIP_DEFAULT_PORT ? '' : `:${number}`;",
		to: "return number === SIP_DEFAULT_PORT + 1 ? '' : `:${number}`;",
		tests: ['test/unit/decisions.test.ts'],
	},
	// leftovers:
	{
		rule: 'an oversized 2xx to a call-placing request is never sent again',
		file: ANSWER,
		from: "throw acted && request.repeat === 'once' ? markOutcomeUnknown(tooLarge) : tooLarge;",
		to: 'throw tooLarge;',
		tests: ['test/unit/answer.test.ts', 'test/property/counterexamples.test.ts'],
	},
	{
		rule: 'giving up on a withheld body closes its connection',
		file: `${T}/send.ts`,
		from: 'get: () => (given ? AbortSignal.any([signal, given]) : signal),',
		to: 'get: () => given,',
		tests: ['test/property/counterexamples.test.ts'],
	},
	{
		rule: 'the Auth ID:token pair is scrubbed whole',
		file: `${T}/redact.ts`,
		from: 'const secrets = unique([...tokens, ...pairs, ...pairs.flatMap(base64Spellings)])',
		to: 'const secrets = unique([...tokens, ...pairs.flatMap(base64Spellings)])',
		tests: ['test/unit/redact.test.ts'],
	},
	// invariants:
	{
		rule: 'a probe without an answer holds the line no longer than the longest Max Retry Wait',
		file: PACER,
		from: 'Math.min(PROBE_AGAIN_MS, longestPauseMs)',
		to: 'Math.max(PROBE_AGAIN_MS, longestPauseMs)',
		tests: ['test/unit/pacer.test.ts', 'test/property/counterexamples.test.ts'],
	},
	{
		rule: 'no turn after a try that may have been applied is not called safe to run again',
		file: `${T}/errors.ts`,
		from: 'const notSent = unsureTry ? notSafeAgain(unsureTry) : NOT_SENT;',
		to: 'const notSent = NOT_SENT;',
		tests: ['test/engine/unsureTry.test.ts'],
	},
	{
		rule: 'a 429 past the budget after a try that may have been applied is not called safe',
		file: `${T}/errors.ts`,
		from: '? `Plivo did not act on the last try. ${notSafeAgain(unsureTry)}`',
		to: "? 'Plivo did not act on it, so it is safe to run this item again.'",
		tests: ['test/engine/unsureTry.test.ts'],
	},
	{
		rule: "a By URL PHLO ID is read with the editor's pattern when n8n's extraction times out",
		file: 'nodes/PlivoPhlo/actions/fields.ts',
		from: 'value = phloIdInConsoleUrl(typed?.value);',
		to: 'value = phloIdInConsoleUrl(undefined);',
		tests: ['test/engine/phloIdLocator.test.ts'],
	},
	{
		rule: "run: past the byte bound the biggest run gives up its answers, not a small one's",
		file: MEMORY,
		from: 'if (!biggest || run.bytes > biggest.bytes) biggest = run;',
		to: 'if (!biggest || run.bytes < biggest.bytes) biggest = run;',
		tests: ['test/engine/memoryBounds.test.ts'],
	},
];

/**
 * `from` as a pattern that allows any white space (or none) between its characters, so code a
 * formatter wraps or re-indents still matches; it must match exactly once.
 */
function locate(source: string, mutation: Mutation): RegExpExecArray {
	const characters = [...mutation.from.replace(/\s+/g, '')];
	const escaped = characters.map((character) => character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
	const matches = [...source.matchAll(new RegExp(escaped.join('\\s*'), 'g'))];
	if (matches.length !== 1) {
		throw new Error(
			`${mutation.file}: "${mutation.from}" found ${matches.length} times (expected once) for "${mutation.rule}"`,
		);
	}
	return matches[0];
}

const run = (command: string, args: string[]) => {
	try {
		execFileSync(command, args, { stdio: 'pipe' });
		return true;
	} catch {
		return false;
	}
};

// An optional argument (a regular expression) runs only the mutations whose rule it matches;
// `--locate` only checks that every mutation still finds its code; `--shard i/n` runs a share.
const only = process.argv[2];
const shard = only === '--shard' ? /^(\d+)\/(\d+)$/.exec(process.argv[3] ?? '') : undefined;
if (only === '--shard' && !shard) throw new Error('--shard takes i/n, for example --shard 1/2');
const chosen = MUTATIONS.filter((mutation, index) => {
	if (shard) return index % Number(shard[2]) === Number(shard[1]) - 1;
	return !only || only === '--locate' || new RegExp(only).test(mutation.rule);
});
// Every mutation must find its code before any runs: a refactor that moved it fails at once.
for (const mutation of chosen) locate(readFileSync(mutation.file, 'utf8'), mutation);
if (only === '--locate') {
	console.log(`all ${chosen.length} mutations find their code`);
	process.exit(0);
}
let survivors = 0;
for (const mutation of chosen) {
	const original = readFileSync(mutation.file, 'utf8');
	const match = locate(original, mutation);
	const end = match.index + match[0].length;
	writeFileSync(mutation.file, original.slice(0, match.index) + mutation.to + original.slice(end));
	try {
		const built = run('npx', ['tsc', '-p', 'tsconfig.json']);
		if (!built) throw new Error(`the mutation for "${mutation.rule}" does not compile`);
		const passed = run('npx', ['jest', ...mutation.tests]);
		if (passed) survivors++;
		console.log(`${passed ? '✗ SURVIVED' : '✓ killed  '}  ${mutation.rule}`);
	} finally {
		writeFileSync(mutation.file, original);
	}
}
run('npx', ['tsc', '-p', 'tsconfig.json']);
console.log(`${chosen.length - survivors} of ${chosen.length} mutations killed`);
process.exit(survivors > 0 ? 1 : 0);
