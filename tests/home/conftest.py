import pytest

from home import demo_content
from ledgers.demo import load_units, load_users


@pytest.fixture
def demo_site(db):
    """The demo public site built by the real loader (units, logins, pages)."""
    units = load_units()
    users = load_users(units)
    home = demo_content.load_site(units)
    return {"home": home, "units": units, "users": users}
