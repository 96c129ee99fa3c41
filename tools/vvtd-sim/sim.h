/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vvtd-sim: runs scenario files against vvtd through its public API only.
 *
 * scenario.c  reading files, numbers, the guest side (memory, registers,
 *             faults, DMA and translation of emulated devices)
 * host.c      the nested-system extensions: simulated host IOMMUs,
 *             iommufd instances, passthrough devices, RAM regions, failure
 *             injection, host-call log, statistics
 * topology.c  the host object graph as text and as Graphviz
 * demo.c      the built-in demo scenario
 */
#ifndef VVTD_SIM_H
#define VVTD_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <vvtd/vvtd-flatmem.h>
#include <vvtd/vvtd-simhost.h>
#include <vvtd/vvtd.h>

#define SIM_NAME_MAX 32
#define SIM_MAX_HOST_IOMMUS 16
#define SIM_MAX_IOMMUFDS 16
#define SIM_MAX_ARGS 64
#define SIM_MAX_DMA (UINT64_C(16) << 20)	/* bytes per dma command */
#define SIM_MAX_MEMREAD 65536u

struct sim_device {
	uint16_t sid;
	bool passthrough;
	unsigned fd;			/* passthrough: iommufd index */
	unsigned host_iommu;		/* passthrough: host IOMMU index */
	uint32_t dev_id;		/* passthrough: iommufd device id */
	uint8_t *buf;			/* what the last read fetched */
	size_t buf_len;
	struct sim_device *next;
};

struct sim_options {
	bool dot;			/* topology as Graphviz */
	bool host_log;			/* print every host call */
	bool verbose;			/* vvtd's log messages on stderr */
};

struct sim {
	struct sim_options opt;
	FILE *out;
	FILE *err;			/* FILE:LINE: errors */
	const char *file;
	unsigned line;

	/* header */
	struct vvtd_config cfg;
	bool cfg_given;
	uint64_t mem_size;

	/* created by the first command that needs the IOMMU */
	struct vvtd_flatmem *mem;
	struct vvtd *v;

	/* the simulated host */
	struct vvtd_simhost *host;
	char iommu_names[SIM_MAX_HOST_IOMMUS][SIM_NAME_MAX];
	unsigned niommus;
	char fd_names[SIM_MAX_IOMMUFDS][SIM_NAME_MAX];
	struct vvtd_simhost_fd *fds[SIM_MAX_IOMMUFDS];
	unsigned nfds;
	bool host_log;

	struct sim_device *devices;
	unsigned topologies;		/* for unique Graphviz graph names */
};

/* ---- scenario.c ---- */
void sim_init(struct sim *s, const struct sim_options *opt, FILE *out,
	      FILE *err);
void sim_fini(struct sim *s);
/* Run one scenario; 0, or -1 after printing FILE:LINE: message. */
int sim_run(struct sim *s, const char *name, FILE *in);
int sim_error(struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sim_number(struct sim *s, const char *tok, const char *what,
	       uint64_t max, uint64_t *out);
int sim_size(struct sim *s, const char *tok, const char *what,
	     uint64_t *out);
int sim_sid(struct sim *s, const char *tok, uint16_t *out);
int sim_instance(struct sim *s);
struct sim_device *sim_device(struct sim *s, uint16_t sid, bool create);
/* The output of one DMA or translation fault list. */
struct sim_fault_list {
	char text[512];
	size_t len;
	unsigned count;
	bool truncated;
};
void sim_fault_add(struct sim_fault_list *l, uint8_t reason, uint64_t addr);

/* A parsed dma or translate command. */
struct sim_request {
	uint16_t sid;
	uint64_t iova;
	uint64_t len;			/* dma only */
	bool write;
	unsigned access;		/* enum vvtd_access */
	uint32_t pasid;			/* VVTD_NO_PASID without */
	bool from_buf;			/* write buf */
	uint8_t seed;			/* write pattern SEED */
};
/* Print "CMD = result" for a finished DMA. */
void sim_dma_result(struct sim *s, const char *cmd,
		    const struct sim_fault_list *faults, bool recorded,
		    bool all_suppressed);
/* The bytes a DMA write sends; NULL on allocation failure. */
uint8_t *sim_dma_source(const struct sim_device *d,
			const struct sim_request *r);
/* A DMA read's bytes become the device's buffer. */
void sim_dma_keep(struct sim_device *d, uint8_t *data, size_t len);

/* ---- host.c ---- */
/* A nested-system command: 1 handled, 0 not one of them, -1 error. */
int sim_host_command(struct sim *s, int argc, char **argv, const char *cmd);
int sim_host_dma(struct sim *s, struct sim_device *d,
		 const struct sim_request *r, const char *cmd);
void sim_host_trace(void *opaque, const struct vvtd_host_trace *t);
void sim_host_fini(struct sim *s);

/* ---- topology.c ---- */
/* The topology as indented text, or as Graphviz with @dot. */
void sim_topology(struct sim *s, bool dot);

/* ---- demo.c ---- */
extern const char sim_demo_scenario[];

#endif /* VVTD_SIM_H */
