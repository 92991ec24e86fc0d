/// OpenSSH key files generated once with ssh-keygen 9.2 for these tests only (they guard nothing); used by
/// SSHTests, SFTPTests and the SFTP destination tests.
public enum SSHKeyFixtures {
    public static let ed25519Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACBa2mqxTA14C/SCOQjfZKkkF2JtE/c4FzGSLBuaMP+88gAAAJD9us0h/brN
        IQAAAAtzc2gtZWQyNTUxOQAAACBa2mqxTA14C/SCOQjfZKkkF2JtE/c4FzGSLBuaMP+88g
        AAAECILAPzeg4vBGFZlKLPxa09Gt/0Lkbb+L/e/42EVefKP1raarFMDXgL9II5CN9kqSQX
        Ym0T9zgXMZIsG5ow/7zyAAAAB2ZpeHR1cmUBAgMEBQY=
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let ed25519Public =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFraarFMDXgL9II5CN9kqSQXYm0T9zgXMZIsG5ow/7zy fixture"
    public static let ed25519Fingerprint = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"
    public static let p256Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
        1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQQzPrFDbya7h4/Mv7HT2E0Y+ej1ncvK
        aXCNKF568UgEy5TvPeoNt0Qv9rhZ8nUrnzHCTKUwYZDmVrPVkpRs+VVZAAAAoMA241nANu
        NZAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDM+sUNvJruHj8y/
        sdPYTRj56PWdy8ppcI0oXnrxSATLlO896g23RC/2uFnydSufMcJMpTBhkOZWs9WSlGz5VV
        kAAAAgOrxPEHJzSyamOKS97YG+HfeGNqoEpPVyH71Kc4MWo5IAAAAHZml4dHVyZQE=
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let p256Public =
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDM+sUNvJruHj8y/sdPYTRj56PWdy8ppcI0oXnrxSATLlO896g23RC/2uFnydSufMcJMpTBhkOZWs9WSlGz5VVk= fixture"
    public static let p256Fingerprint = "SHA256:QftUkO87UDAJQfzEDLk2qhGTHhxv1+rR8vt0MY3b1gA"
    public static let p384Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAiAAAABNlY2RzYS
        1zaGEyLW5pc3RwMzg0AAAACG5pc3RwMzg0AAAAYQRz+CkY8rIbLmjsT70KQ11B7mAmicSt
        mH0WFyE0mCgV3s0E9z1Q2+sjVAK8wn1FlGWgUEbVkjg7Ynpc/Yiow30finD0cPKzVGrOGh
        a6sZlqmI+/GAhFhPHVSamdvqqyducAAADQRrm5b0a5uW8AAAATZWNkc2Etc2hhMi1uaXN0
        cDM4NAAAAAhuaXN0cDM4NAAAAGEEc/gpGPKyGy5o7E+9CkNdQe5gJonErZh9FhchNJgoFd
        7NBPc9UNvrI1QCvMJ9RZRloFBG1ZI4O2J6XP2IqMN9H4pw9HDys1RqzhoWurGZapiPvxgI
        RYTx1Umpnb6qsnbnAAAAMQD4WUEEG5OYUqYLP4yAOrDeZ8SuY+3Kr+/LimWEjBoNm9uDsI
        WmJczNVRMaLPsxJTkAAAAHZml4dHVyZQ==
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let p384Public =
        "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBHP4KRjyshsuaOxPvQpDXUHuYCaJxK2YfRYXITSYKBXezQT3PVDb6yNUArzCfUWUZaBQRtWSODtielz9iKjDfR+KcPRw8rNUas4aFrqxmWqYj78YCEWE8dVJqZ2+qrJ25w== fixture"
    public static let p384Fingerprint = "SHA256:8kviy0tgd8hOD7XBhPdkfS9xdsKcShKi+sL8PiYiFIo"
    public static let p521Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAArAAAABNlY2RzYS
        1zaGEyLW5pc3RwNTIxAAAACG5pc3RwNTIxAAAAhQQA8tSWE5aZU2JLirvvs5i9dPCl82VN
        FscjMSsrZI9mT9yRNqX8Bm10n0MAZKPElC8Kg4Z47KzBEmnVf/OQZSRDoGwBfEyRmio/rZ
        54LL2xfZ+6vrMbfsyQvDhXGaFZV5T8F648AQMm2HKvnECw5n8vr4Hj5/vT4MFJNNjBYGXS
        uwIEz+0AAAEI7pL9nO6S/ZwAAAATZWNkc2Etc2hhMi1uaXN0cDUyMQAAAAhuaXN0cDUyMQ
        AAAIUEAPLUlhOWmVNiS4q777OYvXTwpfNlTRbHIzErK2SPZk/ckTal/AZtdJ9DAGSjxJQv
        CoOGeOyswRJp1X/zkGUkQ6BsAXxMkZoqP62eeCy9sX2fur6zG37MkLw4VxmhWVeU/BeuPA
        EDJthyr5xAsOZ/L6+B4+f70+DBSTTYwWBl0rsCBM/tAAAAQUt0X8BQKrkHza978VQk97Hi
        ynDDpczpAIw87Ijv1My7YVUyExoEmmjaql2x0oXQe7wo5rjyYH4yX27G558nEZegAAAAB2
        ZpeHR1cmUBAgME
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let p521Public =
        "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBADy1JYTlplTYkuKu++zmL108KXzZU0WxyMxKytkj2ZP3JE2pfwGbXSfQwBko8SULwqDhnjsrMESadV/85BlJEOgbAF8TJGaKj+tnngsvbF9n7q+sxt+zJC8OFcZoVlXlPwXrjwBAybYcq+cQLDmfy+vgePn+9PgwUk02MFgZdK7AgTP7Q== fixture"
    public static let p521Fingerprint = "SHA256:3w69TYtyKUZkFrSe8vi+j/LEKzFJMYywQcj6glYN8HI"
    public static let rsa1024Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAlwAAAAdzc2gtcn
        NhAAAAAwEAAQAAAIEAwEMZAX4KA0re8QtkhBy90aX6FHonAP6VV4JPT647Rjl16xPr+Que
        zUfrd6cd+sjXU3idCcp0WegDfvR/rmkGvqaI/1tlrTLgIYC5oGrj+OALTsj3GIsE6UWk8s
        qqIaPTKl0XdkFytkgVDnNCUD7XCVtO5CIXSff8Qo78FFKoQrsAAAIA3z23TN89t0wAAAAH
        c3NoLXJzYQAAAIEAwEMZAX4KA0re8QtkhBy90aX6FHonAP6VV4JPT647Rjl16xPr+QuezU
        frd6cd+sjXU3idCcp0WegDfvR/rmkGvqaI/1tlrTLgIYC5oGrj+OALTsj3GIsE6UWk8sqq
        IaPTKl0XdkFytkgVDnNCUD7XCVtO5CIXSff8Qo78FFKoQrsAAAADAQABAAAAgClvTHhR3X
        6QKDPyrJr8Rrxj9N1s5fME6tKNNuKJPiUIRS2AgZ6Oro63LTwAPCnMFvvaRp3Rj/nAUuCN
        eObxo44bVApOspK81fHgKqXxvf2SqVcRf//mhVCBgmK/29lDwyAMsIOopgHT7ewo59IGVi
        V+UHu/hPOIE1M360lLC/LBAAAAQQCyMnChawj5JV94DeZrp+0Hc94xIIH04NIkPAcc6CZj
        T3SvAXZGGvh4Uoigh0MB8tt1ZkCp4bk4VnKYwD1EDUqAAAAAQQDkMr1XGwzsBOROs60eRP
        gE8NDDAP1EnlvkzIIwTYZzOC5dLjjEsuyLHR64PxnSCS/CDU/be+37l2D5kASo0CcjAAAA
        QQDXr4ySA7HCmk1Alh20hAuli4/hJdvvqvAlRR0dLa2KIv/F5nqVljNDm1n3HbHayNm8PP
        lqDArpWNverMhHzPuJAAAAB2ZpeHR1cmUBAgM=
        -----END OPENSSH PRIVATE KEY-----
        """

    public static let rsaPrivate = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn
        NhAAAAAwEAAQAAAYEAwGRI6SRV/gbjYv/xri0anTR0fCVUuuFRIqijbV4pXPkBPpPgeCDt
        TU8RQv4ni/bsyIqsblsVo4PuitWm0JCEDtoYw0Z4ABjw2fhwQ8FQwBl///JhsUJ7GSByoW
        O1tiMizUSaE/zd4hzfP2EaQHP1SWwpQfgyeLl1g3XS911GZZAS9oI2V50ScbVWplCW7D9b
        aeRZM+LlA/7uwKy0ZLAKKk/BEBrZEHGPFAR0jocTquQnSiiQ2yEiQuw9HMfrmhpZRILbKy
        TOTHKqPVd8kqlYyIZftr/HMA2X0VGiYIyyXHeOinF3Uq7Bx5bQf6+Jz6hjpupLfuUwSxNu
        k7sHPuP322Yy8c1TI1bw4LjiEWJfkjkK1ceX9uB1WWlRchmFI/80J3Wl0douFHqSb3gTYy
        TtXgvQknsb8ABWm75MW7Jyh2NjY5jFFUtN/zUOXtPw+zOefqEwwb9AaGaDRAiNRu14hqnv
        QvwwFGVHZvfWMdZ3fFrsdzfomDl8e1gjWT9B8birAAAFgDelTiI3pU4iAAAAB3NzaC1yc2
        EAAAGBAMBkSOkkVf4G42L/8a4tGp00dHwlVLrhUSKoo21eKVz5AT6T4Hgg7U1PEUL+J4v2
        7MiKrG5bFaOD7orVptCQhA7aGMNGeAAY8Nn4cEPBUMAZf//yYbFCexkgcqFjtbYjIs1Emh
        P83eIc3z9hGkBz9UlsKUH4Mni5dYN10vddRmWQEvaCNledEnG1VqZQluw/W2nkWTPi5QP+
        7sCstGSwCipPwRAa2RBxjxQEdI6HE6rkJ0ookNshIkLsPRzH65oaWUSC2yskzkxyqj1XfJ
        KpWMiGX7a/xzANl9FRomCMslx3jopxd1KuwceW0H+vic+oY6bqS37lMEsTbpO7Bz7j99tm
        MvHNUyNW8OC44hFiX5I5CtXHl/bgdVlpUXIZhSP/NCd1pdHaLhR6km94E2Mk7V4L0JJ7G/
        AAVpu+TFuycodjY2OYxRVLTf81Dl7T8Psznn6hMMG/QGhmg0QIjUbteIap70L8MBRlR2b3
        1jHWd3xa7Hc36Jg5fHtYI1k/QfG4qwAAAAMBAAEAAAGATw2mC+57SysnafmDJC+yXOA98P
        kh7LxCq3wh0wG6+1Hx2fXHaXUWLQsNK7rlIxTuTKT2n03cAVlnvjJ2HgMT0Ep7nFmrW1bk
        OJxl/OFFPfn8Z33/+Gc5z6ROldQzyUh8t1219fqUbaGxdgh/UfaT1nyUI2BJ1ONXzxGuAy
        iXkYn20MXGcI/BEWoS1boNmbua41MJ+FEGC3NIRXFxmmHfe21UBjsR8DjJMs912U7VnQWs
        w0MR6oid3GPX5KidPbAPQSJikRFo0qgsGO0eUP5k/2ZcREgtH6WYZM42C47cQ10RJS/Yj8
        DiyiNC1cPlctfYjQCXi2I0NqP6MQ0eRgXbLYENi4SVC/eJLqEDvsiMOJK1f2wpx/WmJQYR
        wiEPi0IWxnKhUNWGQ/becA9RUbmpBF57gKEJyzZm/noLv+gVFMitwF0juVTJmTpDLFeOIM
        KlDmcFrR9tTvI7ar14ITHYwypB3WSxJV56Rhtr3XG54ja1tjXirLxOAGRbcn6rdwvRAAAA
        wQCIFhtzt5QcHuyZsdFp2Lv9tgDGQGtOESMuDiadhWr+xA6wiJ6Lqr0zGTQADovRgX67je
        zjIPq8fG3qRA2oLWpWVb0aowzTii3KKsZvfm19S+5AFaE0zOs6EkgbE3411h02HkCv2I+b
        dbhSyrfo2Xu48pa/KVJwl4YD+ehwYi0e5BEHJaTsUxoZ128FrAnjRdoQ5k8LajqWTxhO6y
        TSbcCRLAGqJ+oVUwCS41kxPQKrp3qwPSqCL4UuN7+1BW/M1TMAAADBAPDWyKwdhsC7GoIE
        OhATMXl9Pim/atMYBYMI3xvCBVFYM7QYqFxCErsvjn1Nha/nRSx+mds9DIb2OArKIphrmE
        wD8vAEYetSKiRnGewM6UaGH35q/oTERVJw9JD2QZM2p6QzjMRuvK/8lVs30ef0DSlENJQg
        3is7PzNoTxowTdf5X7ArX/8CJ2eEX1DLBuI7Q9yZD75gN0RACvAH3PxWKn54urspT88T58
        98UefS9S6jXU2FHQxBTqI5B7/IEbpGqQAAAMEAzIDBClYsvxIy1V71wPOozGdaWvvNp013
        0SKa7Oe6vXrb/9ovPRAdMLe2IXZNCB5Ti3lUm+4v8gJ0MZU/Y2aYITYEEpw1eslg30Nu2A
        irMEhq43FjXLnXkpIfaJ3G7E5GtgdIlJWX/mQqSHjwd3IQbqjxUppxq+/lq7oZkQ9o4s71
        a/fYrm6d0Ctjv41Jp1dh7veKFkAH7irW7WjrPocMlGwPPW4j6Kb7jxnFefCUFz0/45xojz
        OsU0HiUJjogJ0zAAAAB2ZpeHR1cmUBAgM=
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let rsaPublic =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDAZEjpJFX+BuNi//GuLRqdNHR8JVS64VEiqKNtXilc+QE+k+B4IO1NTxFC/ieL9uzIiqxuWxWjg+6K1abQkIQO2hjDRngAGPDZ+HBDwVDAGX//8mGxQnsZIHKhY7W2IyLNRJoT/N3iHN8/YRpAc/VJbClB+DJ4uXWDddL3XUZlkBL2gjZXnRJxtVamUJbsP1tp5Fkz4uUD/u7ArLRksAoqT8EQGtkQcY8UBHSOhxOq5CdKKJDbISJC7D0cx+uaGllEgtsrJM5Mcqo9V3ySqVjIhl+2v8cwDZfRUaJgjLJcd46KcXdSrsHHltB/r4nPqGOm6kt+5TBLE26Tuwc+4/fbZjLxzVMjVvDguOIRYl+SOQrVx5f24HVZaVFyGYUj/zQndaXR2i4UepJveBNjJO1eC9CSexvwAFabvkxbsnKHY2NjmMUVS03/NQ5e0/D7M55+oTDBv0BoZoNECI1G7XiGqe9C/DAUZUdm99Yx1nd8Wux3N+iYOXx7WCNZP0HxuKs= fixture"
    public static let passphraseEd25519Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCWomSpdd
        Waa6S1ta3dHlDqAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIAxQrVlrdEcowORA
        V7CO9yNcCabxKbV+lWGKskYEHe4EAAAAkBb4d//QR519s7SH7/wdOlOpYqzfi+B6V+HunU
        8AY63f3JLxQ+afBH3XFtYmDUnnLOYxi4A4drW0DcR8LrnPPvvRdLEGnHN6420/XjPigmvR
        1zwCowSOh/8lg7CtSCVz0eD2qAeyJiRctOY8WEg3sycdlSToXWj3ck/i6KNyizm2Q3y5rS
        4oO7V0PDSCgy3WRA==
        -----END OPENSSH PRIVATE KEY-----
        """
    public static let passphraseEd25519Public =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAxQrVlrdEcowORAV7CO9yNcCabxKbV+lWGKskYEHe4E fixture"
}
