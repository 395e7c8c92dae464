"""Running Airflow as deployed, on this machine: its metadata database."""
