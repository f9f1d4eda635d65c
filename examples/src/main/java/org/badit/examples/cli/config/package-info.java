/**
 * The run configuration: every key with its default and meaning (the source of {@code docs/configuration.md}), YAML
 * and flag parsing, validation splits.
 *
 * <p>May import: {@code org.badit.core.method}, {@code org.badit.core.train}, {@code org.badit.lora},
 * {@code org.badit.lora.init}, {@code org.badit.superni}, {@code org.badit.superni.data},
 * {@code org.badit.superni.prompt}.
 */
package org.badit.examples.cli.config;
