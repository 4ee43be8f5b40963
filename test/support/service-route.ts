import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { kubectl } from './cluster';

/**
 * Routes the cluster's Service addresses from this machine through the control-plane node,
 * whose kube-proxy forwards them as it does for pods (masquerading what comes from outside
 * the pod network), so a client here loads a Service the way pods do: keep-alive
 * connections, spread over every endpoint. A port-forward would pin one pod. Needs root;
 * returns what removes the route.
 */
export function routeServicesFromHost(): () => void {
  const clusterConfig = parse(
    kubectl(
      '-n',
      'kube-system',
      'get',
      'configmap',
      'kubeadm-config',
      '-o',
      'jsonpath={.data.ClusterConfiguration}',
    ),
  ) as { networking: { serviceSubnet: string } };
  const subnet = clusterConfig.networking.serviceSubnet.split(',')[0] ?? '';
  const via = kubectl(
    'get',
    'nodes',
    '-l',
    'node-role.kubernetes.io/control-plane',
    '-o',
    'jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}',
  ).trim();
  execFileSync('ip', ['route', 'replace', subnet, 'via', via]);
  return () => execFileSync('ip', ['route', 'del', subnet, 'via', via]);
}
