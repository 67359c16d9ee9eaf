"""Property-based fuzzing of every operation in /openapi.json (schemathesis): no input may cause a 5xx.

Bounded (a few positive and negative examples per operation) so the run stays within seconds. The
operations are driven directly with hypothesis rather than through schemathesis' pytest plugin, so the
server fixture (one per database backend) can be used as it is.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from venue_harness import DEMO

EXAMPLES_PER_OPERATION = 4


def test_no_input_causes_a_server_error(venue, make_agent) -> None:  # type: ignore[no-untyped-def]
    agent = make_agent("vip")
    ticket = agent.post(f"/api/concerts/{DEMO}/attend").json()["ticket"]["id"]
    schema = schemathesis.openapi.from_url(f"{venue.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    calls = [0]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
            def run(case) -> None:  # type: ignore[no-untyped-def]
                if mode is GenerationMode.POSITIVE:  # reach past the 404s: real slug and ticket
                    if case.path_parameters and "slug" in case.path_parameters:
                        case.path_parameters["slug"] = DEMO
                    if case.path_parameters and "ticket_id" in case.path_parameters:
                        case.path_parameters["ticket_id"] = ticket
                    if isinstance(case.query, dict) and "ticket" in case.query:
                        case.query["ticket"] = ticket
                if operation.path == "/api/concerts/{slug}/stream" and isinstance(case.query, dict):
                    case.query.pop("mode", None)  # NDJSON is long-lived; the flow tests cover it
                case.call_and_validate(base_url=venue.base_url, headers=agent.headers, checks=[not_a_server_error], timeout=20)
                calls[0] += 1

            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, f"no valid input for {operation.path}"
                continue  # nothing to negate: the operation takes no parameters or body
    assert calls[0] >= 2 * len(operations), calls  # every operation really was exercised
