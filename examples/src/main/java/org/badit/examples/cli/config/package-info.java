/**
 * The run configuration, one idea under one name: {@link org.badit.examples.cli.config.RunConfig} (the values, read
 * from YAML/JSON), its {@link org.badit.examples.cli.config.RunConfigKey}s (every key with its default and meaning,
 * the source of {@code docs/configuration.md}), the {@link org.badit.examples.cli.config.RunConfigFlags} that
 * override it on the command line, and the {@link org.badit.examples.cli.config.RunConfigMapper} that turns it into
 * the library's typed configurations; plus validation splits.
 *
 * <p>May import: {@code org.badit.core.expert}, {@code org.badit.core.method}, {@code org.badit.core.train},
 * {@code org.badit.lora},
 * {@code org.badit.lora.init}, {@code org.badit.superni}, {@code org.badit.superni.data},
 * {@code org.badit.superni.prompt}.
 */
package org.badit.examples.cli.config;
