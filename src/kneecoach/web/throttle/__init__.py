"""Per-address limits on actions that need no account: sign-up and password reset.

A fixed window per action and address, counted in the database: every web process (several
gunicorn workers, several machines on PostgreSQL) sees the same counts, where Django's default
cache is per process. The count is one atomic ``UPDATE ... SET count = count + 1``, which the
database cache backend cannot do (its increment is a read then a write; django-ratelimit refuses
it for that reason).
"""
