/** n8n's internal REST API as the editor uses it: an owner session cookie and JSON bodies. */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

export class N8nRest {
	private cookie = '';
	private readonly browserId = 'e2e-browser';

	constructor(readonly url: string) {}

	/** Creates the owner account on a fresh instance and keeps its session. */
	async setupOwner(owner = OWNER): Promise<void> {
		await this.request('POST', '/rest/owner/setup', owner);
	}

	async login(owner = OWNER): Promise<void> {
		await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
	}

	/**
	 * n8n's credential test, as the editor's Test button calls it, for credential data not saved
	 * yet. n8n 1.x answers 403 for an unsaved credential, so it is saved, tested by ID and deleted
	 * (which 2.x accepts too). `id` tests an already saved credential instead.
	 */
	async testCredential<T>(
		credential: { name: string; type: string; data: Record<string, unknown> },
		id?: string,
	): Promise<T> {
		const test = (savedId: string) =>
			this.request<T>('POST', '/rest/credentials/test', {
				credentials: { ...credential, id: savedId },
			});
		if (id) return await test(id);
		const saved = await this.request<{ id: string }>('POST', '/rest/credentials', credential);
		try {
			return await test(saved.id);
		} finally {
			await this.request('DELETE', `/rest/credentials/${saved.id}`);
		}
	}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		// n8n answers 503 "Database is not ready!" while its database check fails, as 2.0.3's
		// SQLite does for a moment under a storm of executions, and a loaded 1.x once dropped the
		// connection of its 14.6 MB node list ("fetch failed"); a read may simply ask again.
		if (method !== 'GET') return await this.requestOnce<T>(method, path, body);
		for (const deadline = Date.now() + 30_000; ;) {
			try {
				return await this.requestOnce<T>(method, path);
			} catch (error) {
				const { message } = error as Error;
				const unavailable = message.includes(' answered 503: ') || message === 'fetch failed';
				if (!unavailable || Date.now() > deadline) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}

	private async requestOnce<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie')?.match(/n8n-auth=[^;]+/);
		if (setCookie) this.cookie = setCookie[0];
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
		}
		const parsed = text ? JSON.parse(text) : undefined;
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}
}
