# Sourced by the commands that start a cluster (bin/cluster, bin/bench-failover, bin/bench-redis) and by bin/test (a
# helper, not a command): the cluster runs Debian's nginx and redis-server itself, on free loopback
# ports, in folders of its own.

# The cluster's packages not installed here, one a line.
missing_cluster_packages() {
  [ -x /usr/sbin/nginx ] || echo nginx
  [ -x /usr/bin/redis-server ] || echo redis-server
}

# Where a service manager lets them, Debian's packages start their services when installed: nginx on
# port 80, Redis on 6379, for every boot to come. The cluster needs neither, so a package installed for
# it has its service stopped and disabled again. (No service manager, as in a container: nothing ran.)
stop_package_services() {
  local package
  for package in "$@"; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$package" 2>/dev/null; then
      systemctl disable --now --quiet "$package" || true
    elif command -v service >/dev/null && service "$package" status >/dev/null 2>&1; then
      service "$package" stop >/dev/null || true
    fi
  done
}

# Installs what is missing, as root, or says what to install.
install_cluster_packages() {
  local missing
  missing=$(missing_cluster_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Install these Debian packages first: $missing" >&2
    exit 1
  fi
  apt-get update -qq
  # shellcheck disable=SC2086 # one package a word
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  stop_package_services $missing
}
