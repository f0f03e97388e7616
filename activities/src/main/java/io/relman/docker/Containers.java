package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.util.Optional;

/** Container look-ups and creation shared by the activities that make containers. */
public final class Containers {
  private final DockerClient docker;

  public Containers(DockerClient docker) {
    this.docker = docker;
  }

  public Optional<InspectContainerResponse> inspect(String container) {
    try {
      return Optional.of(docker.inspectContainerCmd(container).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates the container and joins it to every network of its spec, so it starts fully wired; returns its id. */
  public String create(ContainerSpec spec) {
    String id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
    for (var network : spec.extraNetworks()) {
      docker.connectToNetworkCmd().withContainerId(id).withNetworkId(network.getKey())
          .withContainerNetwork(new ContainerNetwork().withAliases(network.getValue())).exec();
    }
    return id;
  }
}
