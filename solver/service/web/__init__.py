"""maillage.solver.service.web: the planners' pages, served by the same process as the API.

Server-rendered (Jinja), French by default with an English switch, in the report's look;
every style and script is inline, so nothing is fetched from elsewhere. Access goes through
the API's own dependencies (`api/access.py`) with the token read from an HttpOnly cookie,
and every action calls the API's own route function, so the rules are written once.
"""
