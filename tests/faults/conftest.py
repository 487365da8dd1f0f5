from tests.support.fake_notify import fake_notify  # noqa: F401  (the fixture)
