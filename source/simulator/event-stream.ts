/**
 * The AWS event stream framing (`application/vnd.amazon.eventstream`), as the server side writes
 * it: a prelude (total and header lengths, CRC32), string headers, the payload, a CRC32 of all.
 * Written here, as the simulator writes JSON and XML itself: the SDK decodes it, as against AWS.
 */
const table = Array.from({length: 256}, (_, index) => {
	let value = index;
	for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
	return value >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

const stringType = 7;

function headerBytes(headers: Record<string, string>): Buffer {
	return Buffer.concat(
		Object.entries(headers).map(([name, value]) => {
			const key = Buffer.from(name, 'utf8');
			const text = Buffer.from(value, 'utf8');
			const head = Buffer.alloc(1 + key.length + 3);
			head.writeUInt8(key.length, 0);
			key.copy(head, 1);
			head.writeUInt8(stringType, 1 + key.length);
			head.writeUInt16BE(text.length, 2 + key.length);
			return Buffer.concat([head, text]);
		}),
	);
}

/** One event message: `:message-type event`, its `:event-type`, a JSON payload. */
export function eventMessage(eventType: string, payload: unknown): Buffer {
	const headers = headerBytes({':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json'});
	const body = Buffer.from(JSON.stringify(payload), 'utf8');
	const total = 12 + headers.length + body.length + 4;
	const prelude = Buffer.alloc(12);
	prelude.writeUInt32BE(total, 0);
	prelude.writeUInt32BE(headers.length, 4);
	prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
	const message = Buffer.concat([prelude, headers, body, Buffer.alloc(4)]);
	message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
	return message;
}
