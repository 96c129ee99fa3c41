/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VT-d register offsets and fields (VT-d specification chapter 11).
 * Names follow the spec mnemonics.  Offsets the spec leaves to the
 * implementation follow QEMU's model: IVA/IOTLB at 0xF0 (ECAP.IRO = 0xF) and
 * the first fault recording register at 0x220 (CAP.FRO = 0x22).
 */
#ifndef VVTD_REGS_H
#define VVTD_REGS_H

#include "bits.h"

/* 11.4 register offsets */
#define REG_VER 0x000		/* 32 RO */
#define REG_CAP 0x008		/* 64 RO */
#define REG_ECAP 0x010		/* 64 RO */
#define REG_GCMD 0x018		/* 32 WO */
#define REG_GSTS 0x01C		/* 32 RO */
#define REG_RTADDR 0x020	/* 64 RW */
#define REG_CCMD 0x028		/* 64 RW */
#define REG_FSTS 0x034		/* 32 RW1C */
#define REG_FECTL 0x038		/* 32 */
#define REG_FEDATA 0x03C	/* 32 */
#define REG_FEADDR 0x040	/* 32 */
#define REG_FEUADDR 0x044	/* 32 */
#define REG_AFLOG 0x058		/* 64, advanced fault logging: not supported */
#define REG_PMEN 0x064		/* 32, protected memory: not supported */
#define REG_PLMBASE 0x068
#define REG_PLMLIMIT 0x06C
#define REG_PHMBASE 0x070
#define REG_PHMLIMIT 0x078
#define REG_IQH 0x080		/* 64 RO */
#define REG_IQT 0x088		/* 64 RW */
#define REG_IQA 0x090		/* 64 RW */
#define REG_ICS 0x09C		/* 32 RW1C */
#define REG_IECTL 0x0A0		/* 32 */
#define REG_IEDATA 0x0A4	/* 32 */
#define REG_IEADDR 0x0A8	/* 32 */
#define REG_IEUADDR 0x0AC	/* 32 */
#define REG_IQERCD 0x0B0	/* 64 RO */
#define REG_IRTA 0x0B8		/* 64, interrupt remapping: not supported */
#define REG_IVA 0x0F0		/* 64 RW, ECAP.IRO * 16 */
#define REG_IOTLB 0x0F8		/* 64 RW */
#define REG_FRCD0 0x220		/* 128 per record, CAP.FRO * 16 */

#define IRO_VALUE (REG_IVA / 16)
#define FRO_VALUE (REG_FRCD0 / 16)

#define VER_VALUE 0x10u		/* major 1, minor 0 (as QEMU) */

/* 11.4.2 CAP_REG */
#define CAP_ND_SHIFT 0		/* 2:0, domains = 2^(4 + 2*ND) */
#define CAP_AFL BIT64(3)
#define CAP_RWBF BIT64(4)
#define CAP_PLMR BIT64(5)
#define CAP_PHMR BIT64(6)
#define CAP_CM BIT64(7)
#define CAP_SAGAW_SHIFT 8	/* 12:8 */
#define CAP_SAGAW_39 (UINT64_C(1) << 1)	/* 3-level */
#define CAP_SAGAW_48 (UINT64_C(1) << 2)	/* 4-level */
#define CAP_SAGAW_57 (UINT64_C(1) << 3)	/* 5-level */
#define CAP_MGAW_SHIFT 16	/* 21:16, width - 1 */
#define CAP_ZLR BIT64(22)
#define CAP_FRO_SHIFT 24	/* 33:24 */
#define CAP_SLLPS_2M BIT64(34)
#define CAP_SLLPS_1G BIT64(35)
#define CAP_PSI BIT64(39)
#define CAP_NFR_SHIFT 40	/* 47:40, count - 1 */
#define CAP_MAMV_SHIFT 48	/* 53:48 */
#define CAP_DWD BIT64(54)
#define CAP_DRD BIT64(55)
#define CAP_FS1GP BIT64(56)
#define CAP_PI BIT64(59)
#define CAP_FS5LP BIT64(60)

#define MAMV_VALUE 18u		/* PSI up to 2^18 pages, as QEMU */

static inline unsigned cap_nfr(uint64_t cap)
{
	return (unsigned)field_get(cap, 47, 40) + 1;
}

static inline unsigned cap_mamv(uint64_t cap)
{
	return (unsigned)field_get(cap, 53, 48);
}

/* 11.4.3 ECAP_REG */
#define ECAP_C BIT64(0)
#define ECAP_QI BIT64(1)
#define ECAP_DT BIT64(2)
#define ECAP_IR BIT64(3)
#define ECAP_EIM BIT64(4)
#define ECAP_PT BIT64(6)
#define ECAP_SC BIT64(7)
#define ECAP_IRO_SHIFT 8	/* 17:8 */
#define ECAP_MHMV_SHIFT 20	/* 23:20 */
#define ECAP_NEST BIT64(26)
#define ECAP_PRS BIT64(29)
#define ECAP_ERS BIT64(30)
#define ECAP_SRS BIT64(31)
#define ECAP_NWFS BIT64(33)
#define ECAP_EAFS BIT64(34)
#define ECAP_PSS_SHIFT 35	/* 39:35, PASID bits - 1 */
#define ECAP_PASID BIT64(40)
#define ECAP_DIT BIT64(41)
#define ECAP_PDS BIT64(42)
#define ECAP_SMTS BIT64(43)
#define ECAP_VCS BIT64(44)
#define ECAP_SSADS BIT64(45)
#define ECAP_SSTS BIT64(46)
#define ECAP_FSTS BIT64(47)
#define ECAP_SMPWCS BIT64(48)
#define ECAP_RPS BIT64(49)
#define ECAP_ADMS BIT64(52)
#define ECAP_RPRIVS BIT64(53)

/* 11.4.4 GCMD_REG / GSTS_REG (same bit positions) */
#define GCMD_CFI BIT64(23)
#define GCMD_SIRTP BIT64(24)
#define GCMD_IRE BIT64(25)
#define GCMD_QIE BIT64(26)
#define GCMD_WBF BIT64(27)
#define GCMD_EAFL BIT64(28)
#define GCMD_SFL BIT64(29)
#define GCMD_SRTP BIT64(30)
#define GCMD_TE BIT64(31)
#define GSTS_CFIS GCMD_CFI
#define GSTS_IRTPS GCMD_SIRTP
#define GSTS_IRES GCMD_IRE
#define GSTS_QIES GCMD_QIE
#define GSTS_WBFS GCMD_WBF
#define GSTS_AFLS GCMD_EAFL
#define GSTS_FLS GCMD_SFL
#define GSTS_RTPS GCMD_SRTP
#define GSTS_TES GCMD_TE

/* 11.4.5 RTADDR_REG: RTA 63:12, TTM 11:10 */
#define RTADDR_TTM_SHIFT 10
enum ttm {
	TTM_LEGACY = 0,
	TTM_SCALABLE = 1,
	TTM_RESERVED = 2,
	TTM_ABORT = 3,		/* abort-DMA mode, only with ECAP.ADMS */
};

/* 11.4.6 CCMD_REG */
#define CCMD_ICC BIT64(63)
#define CCMD_CIRG_SHIFT 61	/* 62:61 request granularity */
#define CCMD_CAIG_SHIFT 59	/* 60:59 actual granularity */
#define CCMD_FM_SHIFT 32	/* 33:32 */
#define CCMD_SID_SHIFT 16	/* 31:16 */
enum cc_granularity {
	CC_GLOBAL = 1,
	CC_DOMAIN = 2,
	CC_DEVICE = 3,
};

/* 11.4.8.1 IOTLB_REG and 11.4.8.2 IVA_REG */
#define IOTLB_IVT BIT64(63)
#define IOTLB_IIRG_SHIFT 60	/* 61:60 request granularity */
#define IOTLB_IAIG_SHIFT 57	/* 58:57 actual granularity */
#define IOTLB_DR BIT64(49)
#define IOTLB_DW BIT64(48)
#define IOTLB_DID_SHIFT 32	/* 47:32 */
#define IVA_IH BIT64(6)
enum iotlb_granularity {
	IOTLB_GLOBAL = 1,
	IOTLB_DOMAIN = 2,
	IOTLB_PAGE = 3,
};

/* 11.4.7.1 FSTS_REG */
#define FSTS_PFO BIT64(0)
#define FSTS_PPF BIT64(1)
#define FSTS_AFO BIT64(2)
#define FSTS_APF BIT64(3)
#define FSTS_IQE BIT64(4)
#define FSTS_ICE BIT64(5)
#define FSTS_ITE BIT64(6)
#define FSTS_FRI_SHIFT 8	/* 15:8 */
#define FSTS_RW1C (FSTS_PFO | FSTS_AFO | FSTS_APF | FSTS_IQE | FSTS_ICE | \
		   FSTS_ITE)

/* 11.4.7.2 FECTL_REG, also IECTL_REG (11.4.9.5) */
#define ECTL_IP BIT64(30)
#define ECTL_IM BIT64(31)

/* 11.4.9.1-3 IQH/IQT/IQA, 11.4.9.4 ICS */
#define IQA_DW BIT64(11)
#define IQA_QS_MASK UINT64_C(7)
#define ICS_IWC BIT64(0)

/* 11.4.9.9 IQERCD_REG: IQEI 3:0, ITESID 47:32, ICESID 63:48 */
enum iqei {
	IQEI_NONE = 0,
	IQEI_TAIL = 1,		/* IQT beyond the queue */
	IQEI_FETCH = 2,		/* descriptor fetch error */
	IQEI_TYPE = 3,		/* invalid or unsupported descriptor type */
	IQEI_RSVD = 4,		/* reserved field set */
	IQEI_WIDTH = 5,		/* 256-bit descriptors not supported */
	IQEI_TAIL_ALIGN = 6,	/* IQT[4] set with 256-bit descriptors */
	IQEI_TTM = 7,		/* descriptor invalid for the current TTM */
};

/* 11.4.14 FRCD_REG, the upper 64 bits (absolute bit - 64) */
#define FRCD_HI_SID_SHIFT 0	/* 79:64 */
#define FRCD_HI_T2 BIT64(28)	/* 92 */
#define FRCD_HI_PRIV BIT64(29)	/* 93 */
#define FRCD_HI_EXE BIT64(30)	/* 94 */
#define FRCD_HI_PP BIT64(31)	/* 95 */
#define FRCD_HI_FR_SHIFT 32	/* 103:96 */
#define FRCD_HI_PV_SHIFT 40	/* 123:104 */
#define FRCD_HI_AT_SHIFT 60	/* 125:124 */
#define FRCD_HI_T1 BIT64(62)	/* 126 */
#define FRCD_HI_F BIT64(63)	/* 127 */

/* Interrupt address range (VT-d 3.13): DMA output here is blocked. */
#define INTERRUPT_ADDR_FIRST UINT64_C(0xFEE00000)
#define INTERRUPT_ADDR_LAST UINT64_C(0xFEEFFFFF)

#endif /* VVTD_REGS_H */
