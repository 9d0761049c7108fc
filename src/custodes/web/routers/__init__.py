"""One router per domain; ``custodes.web.app.ROUTERS`` lists them."""
