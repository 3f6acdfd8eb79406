export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/**
 * Removes the Auth Token, and the Basic credentials built from it, from any text the node
 * shows, in case Plivo (or a proxy in front of it) echoes the request back: as sent, trimmed,
 * URL-encoded, JSON-escaped, and as the Base64 of the Basic header.
 */
export function createRedactor(authId: string, authToken: string): Redactor {
	const tokens = [authToken, authToken.trim()];
	const secrets = [
		...tokens.map((token) => Buffer.from(`${authId.trim()}:${token}`).toString('base64')),
		Buffer.from(`${authId}:${authToken}`).toString('base64'),
		...tokens.flatMap((token) => {
			const escaped = JSON.stringify(token).slice(1, -1);
			return [encodeURIComponent(token), escaped, escaped.replace(/\//g, '\\/'), token];
		}),
	]
		.filter((secret, index, all) => secret.length >= 4 && all.indexOf(secret) === index)
		// Longest first, so a longer form is removed whole before a shorter one inside it.
		.sort((a, b) => b.length - a.length);
	return (text: string) => {
		let clean = text.replace(/(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, `$1 ${REDACTED}`);
		for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
		return clean;
	};
}
