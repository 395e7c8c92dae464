"""Running Airflow as deployed, on this machine: its components (`airflow`), its metadata database
(`postgres`) and the Celery broker (`redis`)."""
