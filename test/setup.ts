// Tests must not depend on the developer's AWS setup or terminal.
for (const key of Object.keys(process.env)) {
	if (key.startsWith('AWS_')) delete process.env[key];
}
delete process.env.CI;
