#!/bin/sh
# agent-guard: written by `agent-guard spawn` into this agent's worktree (never committed). Cline runs
# it before every tool call; a refusal answers {"cancel": true, ...}, which ends Cline's task (its file
# hooks cannot skip one call) with agent-guard's reason.
exec {{COMMAND}}
