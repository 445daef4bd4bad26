"""Kawal's shell: settings, database, wiring, the HTTP API and the CLI.

Only this package reads the environment or imports FastAPI/typer; the domain packages (vault,
redaction, auth, audit, policies) get what they need as arguments.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
