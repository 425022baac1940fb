import type { A1CheckResult } from '../case/repair-case.js';
import type { Grant } from '../registry/grant.js';
import type { Network } from '../registry/network.js';
import { isAllowedNetwork, networkContains } from '../registry/network.js';
import type { Target } from '../registry/target.js';
import { isRootAccount } from '../registry/target.js';
import type { User } from '../registry/user.js';
import type { Workstation } from '../registry/workstation.js';
import type { SopDefinition } from '../sop/sop-definition.js';
import { parseIp } from './cidr.js';
import { isEligibleExecutor } from '../auth/case.policy.js';

export interface A1Context {
  readonly sop: SopDefinition;
  readonly executor: User;
  readonly unitId: string;
  readonly target: Target | null;
  readonly workstation: Workstation;
  readonly network: Network;
  /** The address the executor will connect from, when known. */
  readonly sourceIp: string | null;
  readonly grants: readonly Grant[];
  readonly now: string;
}

type Outcome = { passed: boolean; id: string; en: string };

/**
 * Runs every A1 provision of the case's SOP version. Each result keeps its reason so the
 * logbook shows why a check passed or failed, not only that it did.
 */
export function runA1Checks(ctx: A1Context): A1CheckResult[] {
  const outcomes: Record<'a' | 'b' | 'c' | 'd' | 'e', () => Outcome> = {
    a: () => checkWorkstation(ctx),
    b: () => checkAllowedNetwork(ctx),
    c: () => checkTargetAccount(ctx),
    d: () => checkAuthorised(ctx),
    e: () => checkSecureNetwork(ctx),
  };
  return ctx.sop.provisions.a1.items.map((p) => {
    const o = outcomes[p.code]();
    return { code: p.code, passed: o.passed, mandatory: p.mandatory, reason: { id: o.id, en: o.en } };
  });
}

function checkWorkstation({ workstation: w, executor }: A1Context): Outcome {
  if (!w.organisationOwned) {
    return { passed: false, id: `Workstation ${w.assetTag} bukan milik LKPP/LPSE.`, en: `Workstation ${w.assetTag} is not owned by LKPP/LPSE.` };
  }
  if (w.assignedUserId !== null && w.assignedUserId !== executor.id) {
    return { passed: false, id: `Workstation ${w.assetTag} terdaftar untuk pengguna lain.`, en: `Workstation ${w.assetTag} is registered to another user.` };
  }
  return { passed: true, id: `Workstation ${w.assetTag} milik LKPP/LPSE dan terdaftar.`, en: `Workstation ${w.assetTag} is registered and owned by LKPP/LPSE.` };
}

function checkAllowedNetwork({ network: n, sourceIp }: A1Context): Outcome {
  if (!isAllowedNetwork(n)) {
    return { passed: false, id: `Jaringan '${n.name}' adalah jaringan publik.`, en: `Network '${n.name}' is a public network.` };
  }
  if (sourceIp !== null) {
    const ip = parseIp(sourceIp);
    if (!ip || !networkContains(n, ip)) {
      return { passed: false, id: `Alamat IP ${sourceIp} tidak berada dalam jaringan '${n.name}' (${n.cidrs.join(', ')}).`,
        en: `Address ${sourceIp} is not inside network '${n.name}' (${n.cidrs.join(', ')}).` };
    }
  }
  return { passed: true, id: `Jaringan '${n.name}' (${n.kind}) diizinkan.`, en: `Network '${n.name}' (${n.kind}) is allowed.` };
}

function checkTargetAccount({ target }: A1Context): Outcome {
  if (!target) return { passed: true, id: 'Tidak ada target terdaftar pada kasus; akun diperiksa saat akses.', en: 'No registered target on the case; the account is checked at access.' };
  if (isRootAccount(target.loginAccount)) {
    return { passed: false, id: `Target ${target.name} memakai akun root ('${target.loginAccount}').`, en: `Target ${target.name} uses the root account ('${target.loginAccount}').` };
  }
  return { passed: true, id: `Akun login '${target.loginAccount}' bukan root.`, en: `Login account '${target.loginAccount}' is not root.` };
}

function checkAuthorised({ executor, unitId, target, grants, now }: A1Context): Outcome {
  if (!executor.active) return { passed: false, id: `Pengguna ${executor.username} tidak aktif.`, en: `User ${executor.username} is inactive.` };
  if (!isEligibleExecutor(executor, unitId, target?.id ?? null, grants, now)) {
    return { passed: false, id: `${executor.username} tidak berwenang memperbaiki unit/target ini.`, en: `${executor.username} is not authorised to repair this unit/target.` };
  }
  return { passed: true, id: `${executor.username} (${executor.role}) berwenang untuk unit/target ini.`, en: `${executor.username} (${executor.role}) is authorised for this unit/target.` };
}

function checkSecureNetwork({ network: n }: A1Context): Outcome {
  if (n.kind === 'public') {
    return { passed: false, id: `Jaringan '${n.name}' ditandai publik, tidak aman.`, en: `Network '${n.name}' is marked public, not secure.` };
  }
  return { passed: true, id: `Jaringan '${n.name}' terlindungi (bukan publik).`, en: `Network '${n.name}' is protected (not public).` };
}
