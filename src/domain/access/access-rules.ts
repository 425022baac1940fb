import type { RepairCase } from '../case/repair-case.js';
import { precondition } from '../errors.js';
import type { Network } from '../registry/network.js';
import { isAllowedNetwork, networkContains } from '../registry/network.js';
import type { Target } from '../registry/target.js';
import { isRootAccount } from '../registry/target.js';
import { parseIp } from './cidr.js';

/**
 * The A1 rules that apply at the moment of access (B3–B5), for manual records and gateway
 * sessions alike: an allowed, non-public network containing the source address; never root;
 * and while B5 (root-cause work) is in progress, only an intranet network.
 */
export function checkAccess(c: RepairCase, network: Network, target: Target | null, sourceIp: string | null): void {
  if (!isAllowedNetwork(network)) {
    throw precondition('access.network_public', `A1b/A1e: jaringan '${network.name}' adalah jaringan publik; akses ditolak.`,
      `A1b/A1e: network '${network.name}' is public; access refused.`, { network: network.name });
  }
  if (sourceIp !== null) {
    const ip = parseIp(sourceIp);
    if (!ip || !networkContains(network, ip)) {
      throw precondition('access.source_outside_network', `A1b: alamat ${sourceIp} tidak berada dalam jaringan '${network.name}'.`,
        `A1b: address ${sourceIp} is not inside network '${network.name}'.`, { sourceIp, network: network.name });
    }
  }
  if (c.status === 'restored' && !network.intranet) {
    throw precondition('access.b5_requires_intranet',
      `B5: perbaikan lanjut hanya melalui jaringan intranet LKPP/LPSE; '${network.name}' bukan intranet.`,
      `B5: follow-up repair is allowed only over the LKPP/LPSE intranet; '${network.name}' is not intranet.`, { network: network.name });
  }
  if (target && isRootAccount(target.loginAccount)) {
    throw precondition('access.root_account', `A1c: target ${target.name} memakai akun root; akses ditolak.`,
      `A1c: target ${target.name} uses the root account; access refused.`, { target: target.name });
  }
}
