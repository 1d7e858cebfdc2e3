"""Microsoft Teams I/O only, beside the Slack handlers: the same rules (bot/) and words (templates/).

| module | job |
|---|---|
| sdk.py | the Teams SDK imported without its `.env` side effects; its App built from Settings |
| listeners.py | the App's middleware (addresses from every activity) and listeners (install, messages) |
| activities.py | who and where an activity is from; its text as a command line |
| addresses.py | remembering tenants, people and channels in `teams_addresses` |
| commands.py | the command words, run through Slack's sub-command tables with a Teams asker |
| cards.py | a Slack `Reply` (Block Kit) as an Adaptive Card 1.5, for answers and the outbox's notices |
| dialogs.py | a Slack modal view as an Adaptive Card dialog; its submission read back as Slack's state |
| interactions.py | card buttons and dialogs (invokes), answered by the steps Slack's listeners call |
| serving.py | the App served over HTTP (uvicorn), in the foreground or from a thread |

Only sdk.py, listeners.py and serving.py need the `bryggan[teams]` extra.
"""
