/**
 * The PHLO simulator: a real HTTP server on a loopback port that speaks Plivo's PHLO API
 * (phlo-api.md) with Basic auth, Plivo's body shapes and error texts, a multi-party call state
 * model, a record of every request, scripted faults and a rate limiter. The demo, the tests, the
 * end-to-end suite and the benchmark all run against it; it is not part of the published package.
 *
 * Rooms: server.ts (HTTP server and pipeline), plivoRoutes.ts (Plivo's API and validation),
 * phloBook.ts + callState.ts (state), faults.ts (which requests a fault hits) + faultResponses.ts
 * and hostileResponses.ts (what it answers), otherHost.ts (127.0.0.2, where redirects point), rateLimiter.ts, record.ts (the request record), adminRoutes.ts (`/__sim/`
 * endpoints) and admin.ts (their client), answers.ts + http.ts (wire helpers).
 */
export { DEFAULT_ACCOUNT, DEMO, FAILING_PHLO, type Account } from './accounts';
export { SimulatorAdmin } from './admin';
export { PHLO_NUMBER, type FireRequest, type PhloStep, type StatusCallback } from './callbacks';
export type { Delivery, DeliveryFault } from './delivery';
export type { CallState, Member, MemberStatus, Role, Transfer } from './callState';
export type { FaultKind, FaultMatch, FaultSpec } from './faults';
export type { PhloDefinition, SeededCall } from './phloBook';
export { RATE_LIMIT_KINDS, type RateLimit, type RateLimitKind } from './rateLimiter';
export { OTHER_HOST, type OtherHost, type OtherHostRequest } from './otherHost';
export type { Counts, ParticipantRecord, RequestRecord } from './record';
export { Simulator, startSimulator, type SimulatorOptions } from './server';
