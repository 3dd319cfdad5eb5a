"""The core's jobs on the queue (procrastinate): the queue's own upkeep, and the weekly removal
of stored files no row refers to."""

from django.core.management import call_command
from procrastinate.contrib.django import app


@app.periodic(cron="* * * * *")
@app.task(queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp):
    """Queue again the jobs of a worker that stopped without finishing them (killed, or its
    machine gone): a worker sends a heartbeat every 10 seconds, and one silent for 30 seconds
    has stopped. A job retried this way runs again from its start."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs():
        await manager.retry_job(job)


@app.periodic(cron="0 2 * * 0")  # weekly, Sunday 02:00 UTC
@app.task
def cleanup_files(timestamp):
    """Remove the stored files that no row refers to (`manage.py cleanup_files`)."""
    call_command("cleanup_files")
