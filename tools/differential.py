#!/usr/bin/env python3
"""Differential test: random values rendered by real Helm and by permify-render.

Usage: tools/differential.py HELM CHART_DIR BIN [--n N] [--seed S] [--keep DIR]

HELM is a helm binary (3.17-4.1), CHART_DIR a local copy of the official chart with its
`common` dependency in charts/ (see HELM-SEMANTICS.md), BIN a permify-render binary.
Each trial writes a random values file (and sometimes --set flags, a release name, a
namespace, a kube version), runs `helm template` and `permify-render template`, and
compares exit status and stdout (byte for byte). Mismatches are saved under --keep (as
conformance-style case folders) and summarised; the last line is `N same, M different`.
Nothing here is needed to build or test the project.
"""
import json, os, random, subprocess, sys, tempfile

def pick(r, *xs):
    return r.choice(xs)

def maybe(r, p=0.5):
    return r.random() < p

WEIRD_STRINGS = ["", "x", "a b", "yes", "no", "on", "true", "null", "~", "0123", "1e3",
                 "0x1F", "12:30", "2024-01-01", "#hash", "@at", "'q'", "\"dq\"", "a: b",
                 "- item", "* star", "& amp", "! bang", "%pct", "`tick", "{a}", "[b]",
                 "line1\nline2", "line1\nline2\n", " lead", "trail ", "tab\there",
                 "unicode ✓", "é", "very long " * 12, "{{ .Release.Name }}", "<no value>",
                 "a,b", "k=v", "100%", "---", "...", "?", ":", "-", "|", ">", "1.0", "-5"]

NUMBERS = [0, 1, 2, 3, 5, 10, 80, 100, 1000, 100000, 999999, 1000000, 1234567,
           12345678, 3000000, 250000, 0.5, 1.5, 12.5, 1e21, 0.0001, 0.00001, -1]

def rand_scalar(r):
    k = r.random()
    if k < 0.45:
        return pick(r, *WEIRD_STRINGS)
    if k < 0.8:
        return pick(r, *NUMBERS)
    if k < 0.95:
        return pick(r, True, False)
    return None

def rand_map(r, depth=0):
    m = {}
    for _ in range(r.randint(1, 3)):
        key = pick(r, "a", "b", "note", "owner", "x10", "x9", "Z", "_u", "checksum/config",
                   "sidecar.istio.io/inject", "k8s.io/x", "1", "yes", "long" * 8)
        if depth < 2 and maybe(r, 0.2):
            m[key] = rand_map(r, depth + 1)
        elif depth < 2 and maybe(r, 0.1):
            m[key] = [rand_scalar(r) for _ in range(r.randint(0, 3))]
        else:
            m[key] = rand_scalar(r)
    return m

def str_only(m):
    return {k: (v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v))
            for k, v in m.items() if not isinstance(v, (dict, list)) and v is not None}

def gen_values(r):
    v = {}
    if maybe(r): v["replicaCount"] = pick(r, 1, 2, 3, 10, 250000, 1000000, 3000000, 12345678)
    if maybe(r):
        img = {}
        if maybe(r): img["repository"] = pick(r, "ghcr.io/permify/permify", "reg.local:5000/p", "docker.io/permify/permify")
        if maybe(r): img["tag"] = pick(r, "", "latest", "v1.6.0", "1.6.0", "v1.3.5-rc1", "sha-abc")
        if maybe(r): img["pullPolicy"] = pick(r, "Always", "Never", "IfNotPresent")
        v["image"] = img
    if maybe(r, 0.3): v["nameOverride"] = pick(r, "perm", "authz", "permify-x", "n" * 70, "permify", "x-")
    if maybe(r, 0.3): v["fullnameOverride"] = pick(r, "authz-svc", "permify", "f" * 70, "a-" * 40)
    if maybe(r, 0.4): v["annotations"] = str_only(rand_map(r)) if maybe(r, 0.7) else {}
    if maybe(r, 0.4): v["podAnnotations"] = str_only(rand_map(r))
    if maybe(r, 0.3): v["imagePullSecrets"] = [{"name": pick(r, "regcred", "ghcr")}]
    if maybe(r, 0.3):
        v["serviceAccount"] = {"create": pick(r, True, False), "name": pick(r, "", "sa1"),
                               "annotations": str_only(rand_map(r)) if maybe(r) else {}}
    if maybe(r, 0.3): v["podSecurityContext"] = {"runAsNonRoot": True, "runAsUser": pick(r, 1000, 65532)}
    if maybe(r, 0.3): v["securityContext"] = {"capabilities": {"drop": ["ALL"]}, "readOnlyRootFilesystem": pick(r, True, False)}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if maybe(r, 0.35):
            p = {"enabled": pick(r, True, False)}
            if maybe(r): p["initialDelaySeconds"] = pick(r, 0, 5, 30, 120)
            if maybe(r): p["failureThreshold"] = pick(r, 1, 3, 30)
            v[probe] = p
    for probe in ("customLivenessProbe", "customReadinessProbe", "customStartupProbe"):
        if maybe(r, 0.15):
            v[probe] = pick(r,
                {"tcpSocket": {"port": pick(r, 3478, "grpc")}},
                {"httpGet": {"path": "/healthz", "port": "{{ .Values.app.server.http.port }}"}},
                {"grpc": {"port": "{{ .Values.app.server.grpc.port }}", "service": "{{ .Release.Name }}-{{ .Release.Namespace }}"}},
                {"exec": {"command": ["sh", "-c", "echo {{ .Chart.Name }} {{ .Chart.AppVersion }}"]}},
                {"httpGet": {"path": "{{ printf \"/%s\" .Release.Name }}", "port": 8080}, "periodSeconds": 7})
    if maybe(r, 0.4):
        svc = {"type": pick(r, "ClusterIP", "LoadBalancer", "NodePort")}
        if maybe(r): svc["port"] = pick(r, 80, 3476, 8080)
        if maybe(r): svc["annotations"] = str_only(rand_map(r))
        v["service"] = svc
    app = {}
    if maybe(r, 0.3): app["account_id"] = pick(r, "123", "acc-1", "")
    if maybe(r, 0.4):
        srv = {}
        if maybe(r): srv["rate_limit"] = pick(r, 0, 1000, 100000, 1500000, 10000000)
        if maybe(r):
            srv["http"] = {"enabled": pick(r, True, False)}
            if maybe(r): srv["http"]["port"] = pick(r, 3476, 8080)
            if maybe(r, 0.3): srv["http"]["tls"] = {"enabled": True, "key": "/k", "cert": "/c"}
            if maybe(r, 0.3): srv["http"]["cors_allowed_origins"] = pick(r, ["https://a", "https://b"], ["*"], ["https://x"], [])
            if maybe(r, 0.2): srv["http"]["cors_allowed_headers"] = pick(r, ["Authorization"], ["X-A", "X-B"])
        if maybe(r):
            srv["grpc"] = {"port": pick(r, 3478, 50051)}
            if maybe(r): srv["grpc"]["tls"] = {"enabled": pick(r, True, False), "key": "/k", "cert": "/c"}
        if maybe(r, 0.1): srv["name_override"] = pick(r, "authz", "")
        app["server"] = srv
    if maybe(r, 0.3): app["logger"] = {"level": pick(r, "", "debug", "info", "warn", "error")}
    if maybe(r, 0.3): app["profiler"] = {"enabled": pick(r, True, False), "port": pick(r, 6060, 6061)}
    if maybe(r, 0.4):
        a = {"enabled": pick(r, True, False), "method": pick(r, "preshared", "oidc")}
        if a["method"] == "oidc" or maybe(r, 0.2):
            a["oidc"] = {"issuer": "https://iss", "audience": "aud"}
            if maybe(r): a["oidc"]["valid_methods"] = ["RS256"]
            if maybe(r, 0.3): a["oidc"]["refresh_interval"] = "15m"
        if maybe(r):
            a["preshared"] = pick(r, {"keys": []}, {"keys": ["k1"]}, {"keys": ["k1", "k2"]}, {"keys_secret": "s"}, {"keys": [], "keys_secret": "s"})
        app["authn"] = a
    for t in ("tracer", "meter"):
        if maybe(r, 0.3):
            app[t] = {"enabled": pick(r, True, False), "exporter": pick(r, "otlp", "zipkin", "jaeger"), "endpoint": "otel:4318"}
            if maybe(r): app[t]["insecure"] = pick(r, True, False)
            if maybe(r, 0.2): app[t]["headers"] = ["a:b"]
    if maybe(r, 0.4):
        db = {"engine": pick(r, "memory", "postgres")}
        if maybe(r): db["uri"] = pick(r, "postgres://u:p@h:5432/d", "postgres://h/d?sslmode=require")
        if maybe(r): db["uri_secret"] = "db-secret"
        if maybe(r): db["auto_migrate"] = pick(r, True, False)
        if maybe(r): db["max_open_connections"] = pick(r, 10, 20, 100)
        if maybe(r, 0.2): db["writer"] = {"uri": "postgres://w/d"}
        if maybe(r, 0.2): db["reader"] = {"uri": "postgres://r/d"}
        if maybe(r, 0.3): db["garbage_collection"] = {"enabled": pick(r, True, False), "interval": "200h", "window": "200h", "timeout": "5m"}
        app["database"] = db
    if maybe(r, 0.4):
        d = {"enabled": pick(r, True, False)}
        if maybe(r): d["address"] = pick(r, "", "dns:///x.y.svc.cluster.local:5053")
        if maybe(r): d["port"] = pick(r, 5000, 5053, 0)
        app["distributed"] = d
    if app: v["app"] = app
    if maybe(r, 0.4):
        ing = {"enabled": pick(r, True, False), "className": pick(r, "", "nginx")}
        if maybe(r): ing["annotations"] = pick(r, {}, {"nginx.ingress.kubernetes.io/backend-protocol": "GRPC"}, {"kubernetes.io/ingress.class": "x"})
        if maybe(r):
            ing["hosts"] = [{"host": pick(r, "a.example.com", "b.example.com"),
                             "paths": [{"path": "/", "pathType": pick(r, "ImplementationSpecific", "Prefix", "")}]}
                            for _ in range(r.randint(1, 2))]
            if maybe(r, 0.3): ing["hosts"][0]["paths"][0]["servicePort"] = pick(r, 8080, "grpc")
        if maybe(r): ing["tls"] = [{"secretName": "t", "hosts": ["a.example.com"]}]
        v["ingress"] = ing
    if maybe(r, 0.3):
        v["resources"] = {"requests": {"cpu": pick(r, "200m", 0.5), "memory": "256Mi"}, "limits": {"cpu": 2, "memory": "1Gi"}}
    if maybe(r, 0.3):
        v["jobs"] = {"createDatabase": {"enabled": pick(r, True, False), "name": pick(r, "prod", "dev")}}
        if maybe(r): v["jobs"]["createDatabase"]["port"] = pick(r, 5432, 6543)
    if maybe(r, 0.4):
        asc = {"enabled": pick(r, True, False)}
        for k in ("minReplicas", "maxReplicas", "targetCPUUtilizationPercentage", "targetMemoryUtilizationPercentage"):
            if maybe(r): asc[k] = pick(r, 0, 1, 2, 3, 5, 10, 60, 100)
        v["autoscaling"] = asc
    if maybe(r, 0.3): v["nodeSelector"] = {"pool": pick(r, "a", "b")}
    if maybe(r, 0.3): v["tolerations"] = [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}]
    if maybe(r, 0.2): v["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}
    if maybe(r, 0.2): v["extraEnvVars"] = [{"name": "X", "value": pick(r, "1", "a b", "yes")}]
    if maybe(r, 0.1): v["extraVolumes"] = [{"name": "v", "emptyDir": {}}]
    if maybe(r, 0.1): v["extraVolumeMounts"] = [{"name": "v", "mountPath": "/v"}]
    return v

def gen_cmd(r):
    cmd = []
    if maybe(r, 0.8): cmd.append(pick(r, "permify", "rel", "my-permify", "authz", "permify-prod", "a.b"))
    cmd += ["-f", "values.yaml"]
    if maybe(r, 0.2): cmd += ["-n", pick(r, "team-a", "permify", "x")]
    if maybe(r, 0.15): cmd += ["--kube-version", pick(r, "1.13.0", "1.14.0", "1.17.0", "1.18.0", "1.19.0", "v1.30.2", "1.20.0-gke.100")]
    if maybe(r, 0.15):
        cmd += ["--set", pick(r, "replicaCount=5", "service.type=NodePort", "image.tag=v2", "app.logger.level=debug",
                              "podAnnotations.a=1", "app.server.rate_limit=1000000", "ingress.enabled=true",
                              "app.distributed.enabled=true", "tolerations[0].key=k", "annotations.x=true")]
    if maybe(r, 0.05): cmd += pick(r, ["--skip-tests"], ["--no-hooks"], ["-s", "templates/deployment.yaml"])
    return cmd

def yaml_dump(v, r=None):
    """Block YAML (PyYAML, itself YAML 1.1) or JSON (which is YAML too)."""
    try:
        import yaml
        if r is None or maybe(r, 0.7):
            return yaml.safe_dump(v, allow_unicode=True, sort_keys=False, width=70)
    except ImportError:
        pass
    return json.dumps(v, indent=2, ensure_ascii=False) + "\n"

def main():
    args = sys.argv[1:]
    helm, chart, binary = args[0], args[1], args[2]
    n = int(args[args.index("--n") + 1]) if "--n" in args else 200
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    keep = args[args.index("--keep") + 1] if "--keep" in args else None
    r = random.Random(seed)
    same = diff = 0
    for i in range(n):
        values = gen_values(r)
        cmd = gen_cmd(r)
        with tempfile.TemporaryDirectory() as d:
            text = yaml_dump(values, r)
            open(os.path.join(d, "values.yaml"), "w").write(text)
            hcmd = list(cmd)
            if hcmd and not hcmd[0].startswith("-"):
                hcmd = [hcmd[0], chart] + hcmd[1:]
            else:
                hcmd = [chart] + hcmd
            h = subprocess.run([helm, "template", *hcmd], cwd=d, capture_output=True)
            p = subprocess.run([binary, "template", *cmd], cwd=d, capture_output=True)
            ok = (h.returncode == 0) == (p.returncode == 0) and (h.returncode != 0 or h.stdout == p.stdout)
            if ok:
                same += 1
                continue
            diff += 1
            print(f"DIFF {seed}-{i}: helm exit {h.returncode}, ours {p.returncode}")
            print("   helm:", h.stderr.decode(errors="replace").strip()[:300])
            print("   ours:", p.stderr.decode(errors="replace").strip()[:300])
            if keep:
                c = os.path.join(keep, f"diff-{seed}-{i:04d}")
                os.makedirs(c, exist_ok=True)
                open(os.path.join(c, "values.yaml"), "w").write(text)
                json.dump(cmd, open(os.path.join(c, "cmd"), "w"))
                open(os.path.join(c, "expected.code"), "w").write(f"{h.returncode}\n")
                open(os.path.join(c, "expected.out"), "wb").write(h.stdout)
                open(os.path.join(c, "expected.err"), "wb").write(h.stderr)
                open(os.path.join(c, "ours.out"), "wb").write(p.stdout)
                open(os.path.join(c, "ours.err"), "wb").write(p.stderr)
    print(f"{same} same, {diff} different")

if __name__ == "__main__":
    main()
