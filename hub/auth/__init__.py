"""Access control of the HTTP API: who is asking (API keys, JWTs), what their role may see and do.

`principal` carries the authenticated caller in a contextvar; `keys` and `jwt_tokens` authenticate;
`middleware` answers 401/403 before anything else runs; `policy` is the table of which role reads which
GraphQL field; `hub.api.permissions` applies it to every operation.
"""
