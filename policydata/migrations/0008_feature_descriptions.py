"""Fill the API features' blank descriptions (added to the seed) in existing databases.

A row nobody edited since the seed loaded it also gets the seed digest of its new values,
so `load_policy` keeps treating it as the seed's and updates it when the seed changes; a
row staff edited gets its description and stays theirs. Buyers see the descriptions from
the next published policy version on.
"""

import hashlib
import json

from django.db import migrations

DESCRIPTIONS = {
    "token-counting": "Count the tokens in a request before you send it, to estimate its cost and stay within limits.",
    "web-search": "Claude searches the web while it answers, for current information, and cites the pages it used.",
    "web-search-dynamic-filtering": "Web search in which Claude writes and runs code to filter the search results before reading them.",
    "prompt-caching": "Reuse the unchanged start of a long prompt across requests, so they cost less and respond faster.",
    "structured-outputs": "Claude's responses, or its tool inputs, always follow a JSON schema you supply.",
    "extended-thinking": "Claude reasons step by step before it answers; with adaptive thinking it decides how much to think.",
    "citations": "Claude points to the passages of your documents that support each part of its answer.",
    "context-1m": "Send up to a million tokens in one request, such as a large codebase or many long documents.",
    "pdf-inline": "Include PDF documents in a request; Claude reads their text, tables and images.",
    "data-residency": 'Choose where inference runs, request by request (inference_geo "global" or "us").',
    "effort": "Tell Claude how much effort to spend on a response, trading thoroughness against speed and cost.",
    "fast-mode": "Faster output from supported models, at a higher price per token.",
    "bash-tool": "Claude runs shell commands in an environment you provide and control.",
    "text-editor-tool": "Claude views and edits text files in an environment you provide.",
    "memory-tool": "Claude saves and reads notes across conversations, in storage you provide.",
    "web-fetch": "Claude retrieves the full content of web pages and PDFs at addresses in the conversation.",
    "computer-use": "Claude operates a desktop through screenshots, mouse and keyboard, in an environment you provide.",
    "advisor-tool": "A faster model consults a more capable Claude model during a task, for a plan or a course correction.",
    "context-management": "Keep long conversations within the context window by summarising earlier turns or clearing old tool results.",
    "tool-search": "Claude finds and loads the tools it needs from a large catalogue instead of receiving them all up front.",
    "cache-diagnostics": "When a request misses the prompt cache, the API tells you what changed since the previous request.",
    "code-execution": "Claude writes and runs code in a sandbox hosted by Anthropic, for example to analyse data.",
    "programmatic-tool-calling": "Claude calls your tools from code it runs in the code execution sandbox, rather than one call at a time.",
    "batch-api": "Send many requests at once and collect the results later, when they are ready.",
    "files-api": "Upload a file once and use it in many requests.",
    "agent-skills": "Give Claude packaged instructions, scripts and resources (Skills) that it loads when a task needs them.",
    "mcp-connector": "Connect Claude to remote MCP servers straight from an API request, without an MCP client of your own.",
    "managed-agents": "Anthropic runs your agent for you, with its sessions and their history kept until you delete them.",
    "mcp-tunnels": "Connect Claude to MCP servers inside your private network through an outbound-only tunnel, without exposing them to the internet.",
}
# The fields a feature's seed row sets (policydata/seed.py FEATURES), before the
# description joined them.
SEED_FIELDS = (
    "slug", "name", "kind", "group", "parent", "processor", "order", "cited_source",
    "source", "verified_on", "note",
)  # fmt: skip


def _digest(offering, names):
    """policydata.loading.digest of the row's current values, frozen here."""

    def canonical(value):
        if hasattr(value, "slug"):
            return value.slug
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    values = {name: canonical(getattr(offering, name)) for name in names}
    payload = json.dumps(dict(sorted(values.items())), sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def fill_descriptions(apps, schema_editor):
    Offering = apps.get_model("policydata", "Offering")
    blank = Offering.objects.filter(kind="feature", slug__in=DESCRIPTIONS, description="")
    for offering in blank.select_related("parent", "source", "cited_source"):
        as_seeded = offering.seed_digest == _digest(offering, SEED_FIELDS)
        offering.description = DESCRIPTIONS[offering.slug]
        if as_seeded:
            offering.seed_digest = _digest(offering, (*SEED_FIELDS, "description"))
        offering.save(update_fields=["description", "seed_digest"])


def clear_descriptions(apps, schema_editor):
    Offering = apps.get_model("policydata", "Offering")
    for slug, text in DESCRIPTIONS.items():
        Offering.objects.filter(kind="feature", slug=slug, description=text).update(description="")


class Migration(migrations.Migration):
    dependencies = [
        ("policydata", "0007_contract_v2_controls"),
    ]

    operations = [
        migrations.RunPython(fill_descriptions, clear_descriptions),
    ]
