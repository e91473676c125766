"""`python manage.py load_demo`: clearly fake demo data for `make run` (floor 8: it may use every app).

The command (`wuye/demo/management/commands/load_demo.py`) is made of one mixin per area:
`accounts` (logins), `estate` (projects, buildings, units, people, roster), `parking` (spaces,
rentals, IC cards, a day at the gate) and `billing` (fee items, a year of charge runs, payments,
meters, deposits, arrears); `servicedesk` holds six months of tickets and the customer visits
(the service menu is the app's own seed data, `wuye.servicedesk.demo`).

Everything is written through the services with the event time of each record (a year of history
entered "after the fact"); `clock.frozen` sets Django's clock to a record's moment for the
services that stamp the current time themselves (receipts, cards, charge runs). Each section is
skipped when its records exist, so a second run changes nothing.
"""
