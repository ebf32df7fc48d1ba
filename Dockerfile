FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install . && useradd --create-home tracker
COPY . .
# Collected with production settings, so the manifest the server reads is written.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput && python -m compileall -q .
USER tracker
EXPOSE 8000
# gunicorn.conf.py: threaded workers (exports stream without starving pages), and
# static files collected again should the manifest be missing or stale.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "config.wsgi"]
