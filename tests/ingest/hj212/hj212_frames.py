"""Frames for the HJ 212 tests, re-typed from HJ 212-2017 or built here (never read from ../shared)."""

from __future__ import annotations

# HJ 212-2017 Appendix A: the CRC example (the text prints 1C80 and then calls it "1C08"; 1C80 is right).
APPENDIX_A_SEGMENT = (
    "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
)
APPENDIX_A_FRAME = b"##0101" + APPENDIX_A_SEGMENT.encode() + b"1C80\r\n"

# HJ 212-2017 C.1 request and the 9011 answer of Appendix C, with the CRC a correct frame carries.
C1_SEGMENT = "QN=20160801085857223;ST=32;CN=1000;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&OverTime=5;ReCount=3&&"
C1_CRC = "CAC1"
C9011_SEGMENT = (
    "QN=20160801085857223;ST=91;CN=9011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&"
)
C9011_CRC = "1B00"

# C.16: the 9014 answer to a minute-data upload (QN …085000001), 87 bytes.
C16_ANSWER_SEGMENT = "QN=20160801085000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&"
C16_ANSWER_CRC = "C241"

MN = "010000A8900016F000169DC0"


def segment_2051(qn: str = "20160801085000001", flag: int = 5, data_time: str = "20160801084000") -> str:
    """A minute-data upload in the form of C.14 (values typed by us)."""
    return (
        f"QN={qn};ST=32;CN=2051;PW=123456;MN={MN};Flag={flag};CP=&&DataTime={data_time};"
        "w00000-Cou=10.5,w00000-Min=0.8,w00000-Avg=1.2,w00000-Max=1.5,w00000-Flag=N;"
        "w01018-Cou=0.26,w01018-Min=20.1,w01018-Avg=24.6,w01018-Max=30.2,w01018-Flag=N&&"
    )
