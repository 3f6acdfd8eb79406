/** Every operation's item preparation, by resource and operation name. */
import * as member from './member';
import * as multiPartyCall from './multiPartyCall';
import * as phlo from './phlo';

export const operationsByResource = {
	member: member.operations,
	multiPartyCall: multiPartyCall.operations,
	phlo: phlo.operations,
};
