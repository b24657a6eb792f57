"""The application: event store, projections, audit log, ingest, GraphQL API and CLI."""
