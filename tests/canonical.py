"""The canonical slugs of shared/PRODUCT.md, spelled out once for the tests."""

SURFACES = [
    "messages-api", "claude-enterprise", "claude-team", "claude-pro", "claude-max",
    "claude-free", "console-workbench", "cowork", "claude-code", "amazon-bedrock",
    "google-vertex-ai", "claude-platform-aws", "microsoft-foundry", "claude-in-office",
    "claude-design", "third-party-integrations",
]  # fmt: skip
FEATURES = [
    "token-counting", "web-search", "web-search-dynamic-filtering", "prompt-caching",
    "structured-outputs", "extended-thinking", "citations", "context-1m", "pdf-inline",
    "data-residency", "effort", "fast-mode", "bash-tool", "text-editor-tool", "memory-tool",
    "web-fetch", "computer-use", "advisor-tool", "context-management", "tool-search",
    "cache-diagnostics", "code-execution", "programmatic-tool-calling", "batch-api",
    "files-api", "agent-skills", "mcp-connector", "managed-agents", "mcp-tunnels",
]  # fmt: skip
MODELS = [
    "claude-fable-5", "claude-mythos-5", "claude-opus-4-6", "claude-sonnet-4-6",
    "claude-opus-4-5", "claude-sonnet-4-5", "claude-haiku-4-5",
]  # fmt: skip
CERTIFICATIONS = [
    "soc2-type1", "soc2-type2", "iso27001", "iso42001", "iso27017", "iso27018", "fedramp",
    "csa-star",
]  # fmt: skip
