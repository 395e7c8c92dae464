"""Running Airflow as deployed, on this machine: its components (`launcher`: `make airflow`, `make cluster`),
the metadata database (`postgres`), the Celery broker (`redis`), and a deployment driven through the REST API
(`client`)."""
