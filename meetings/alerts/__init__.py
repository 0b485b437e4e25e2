"""E-mail alerts, without an account: new statements matching a search, in a digest.

models.py     an Alert (an address, what it follows, how often), its digests and the
              statements each digest carried (never one statement twice to one alert)
mail.py       the confirmation and digest messages, with one-click unsubscribe headers
sending.py    `alerts_send`: what `manage.py send_alerts` and the worker's task run
views.py, urls.py   subscribe (rate limited per client and per address, the same answer
              whoever is subscribed), confirm, manage, unsubscribe
"""
