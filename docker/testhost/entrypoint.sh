#!/bin/sh
# Host keys are made on the container's first start and kept across restarts, as a real host keeps
# them; `scripts/testhosts.sh rekey` removes them to play a host whose key changed.
set -eu
gid=$(stat -c %g /var/run/docker.sock)
getent group "$gid" >/dev/null || groupadd --gid "$gid" dockersock
usermod --append --groups "$(getent group "$gid" | cut -d: -f1)" deployer
ssh-keygen -A
install -d -m 700 -o deployer -g deployer /home/deployer/.ssh
install -m 600 -o deployer -g deployer /etc/relman/authorized_keys /home/deployer/.ssh/authorized_keys
exec /usr/sbin/sshd -D -e
