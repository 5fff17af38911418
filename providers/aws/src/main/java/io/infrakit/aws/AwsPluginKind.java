package io.infrakit.aws;

import io.infrakit.spi.plugin.PluginContext;
import io.infrakit.spi.plugin.PluginKind;
import io.infrakit.spi.plugin.RunningPlugin;
import io.infrakit.spi.schema.Field;

import java.util.Map;
import java.util.Optional;

/**
 * {@code infrakit plugin start aws}: an Instance plugin for EC2 instances on socket {@code aws}.
 * Nothing here touches the AWS SDK: listing the kinds (ServiceLoader) loads none of its classes;
 * only {@link #start} does.
 */
public final class AwsPluginKind implements PluginKind {

    public static final String NAME = "aws";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "instance plugin: EC2 instances (AWS SDK); tags at launch, client tokens, paged listing by tags";
    }

    @Override
    public Map<String, String> options() {
        return AwsOptions.DESCRIPTIONS;
    }

    @Override
    public Optional<Field> propertiesSchema() {
        return Optional.of(AwsSchema.tree());
    }

    @Override
    public RunningPlugin start(PluginContext context) {
        AwsInstancePlugin plugin = Ec2Clients.plugin(AwsOptions.parse(context.options()));
        return RunningPlugin.single(NAME, plugin, plugin);
    }
}
