"""Facts from a free-text incident description (extract_facts in facts.py), one module per kind of fact."""
