export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/**
 * Removes the Auth Token, and the Basic credentials built from it, from any text the node
 * shows, in case Plivo (or a proxy in front of it) echoes the request back.
 */
export function createRedactor(authId: string, authToken: string): Redactor {
	const secrets = [
		Buffer.from(`${authId}:${authToken}`).toString('base64'),
		encodeURIComponent(authToken),
		authToken,
	].filter((secret, index, all) => secret.length >= 4 && all.indexOf(secret) === index);
	return (text: string) => {
		let clean = text.replace(/(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, `$1 ${REDACTED}`);
		for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
		return clean;
	};
}
