/// OpenSSH key files generated once with ssh-keygen 9.2 for these tests only (they guard nothing).
enum SSHKeyFixtures {
    static let ed25519Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACBa2mqxTA14C/SCOQjfZKkkF2JtE/c4FzGSLBuaMP+88gAAAJD9us0h/brN
        IQAAAAtzc2gtZWQyNTUxOQAAACBa2mqxTA14C/SCOQjfZKkkF2JtE/c4FzGSLBuaMP+88g
        AAAECILAPzeg4vBGFZlKLPxa09Gt/0Lkbb+L/e/42EVefKP1raarFMDXgL9II5CN9kqSQX
        Ym0T9zgXMZIsG5ow/7zyAAAAB2ZpeHR1cmUBAgMEBQY=
        -----END OPENSSH PRIVATE KEY-----
        """
    static let ed25519Public =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFraarFMDXgL9II5CN9kqSQXYm0T9zgXMZIsG5ow/7zy fixture"
    static let ed25519Fingerprint = "SHA256:2b2VHjt/IZBvGJbPtOi7dEwtjaadZlAwlWTt2sx+Buw"
    static let p256Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
        1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQQzPrFDbya7h4/Mv7HT2E0Y+ej1ncvK
        aXCNKF568UgEy5TvPeoNt0Qv9rhZ8nUrnzHCTKUwYZDmVrPVkpRs+VVZAAAAoMA241nANu
        NZAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDM+sUNvJruHj8y/
        sdPYTRj56PWdy8ppcI0oXnrxSATLlO896g23RC/2uFnydSufMcJMpTBhkOZWs9WSlGz5VV
        kAAAAgOrxPEHJzSyamOKS97YG+HfeGNqoEpPVyH71Kc4MWo5IAAAAHZml4dHVyZQE=
        -----END OPENSSH PRIVATE KEY-----
        """
    static let p256Public =
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDM+sUNvJruHj8y/sdPYTRj56PWdy8ppcI0oXnrxSATLlO896g23RC/2uFnydSufMcJMpTBhkOZWs9WSlGz5VVk= fixture"
    static let p256Fingerprint = "SHA256:QftUkO87UDAJQfzEDLk2qhGTHhxv1+rR8vt0MY3b1gA"
    static let p384Private = """
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
    static let p384Public =
        "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBHP4KRjyshsuaOxPvQpDXUHuYCaJxK2YfRYXITSYKBXezQT3PVDb6yNUArzCfUWUZaBQRtWSODtielz9iKjDfR+KcPRw8rNUas4aFrqxmWqYj78YCEWE8dVJqZ2+qrJ25w== fixture"
    static let p384Fingerprint = "SHA256:8kviy0tgd8hOD7XBhPdkfS9xdsKcShKi+sL8PiYiFIo"
    static let p521Private = """
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
    static let p521Public =
        "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBADy1JYTlplTYkuKu++zmL108KXzZU0WxyMxKytkj2ZP3JE2pfwGbXSfQwBko8SULwqDhnjsrMESadV/85BlJEOgbAF8TJGaKj+tnngsvbF9n7q+sxt+zJC8OFcZoVlXlPwXrjwBAybYcq+cQLDmfy+vgePn+9PgwUk02MFgZdK7AgTP7Q== fixture"
    static let p521Fingerprint = "SHA256:3w69TYtyKUZkFrSe8vi+j/LEKzFJMYywQcj6glYN8HI"
    static let rsaPrivate = """
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
    static let rsaPublic =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDAQxkBfgoDSt7xC2SEHL3RpfoUeicA/pVXgk9PrjtGOXXrE+v5C57NR+t3px36yNdTeJ0JynRZ6AN+9H+uaQa+poj/W2WtMuAhgLmgauP44AtOyPcYiwTpRaTyyqoho9MqXRd2QXK2SBUOc0JQPtcJW07kIhdJ9/xCjvwUUqhCuw== fixture"
    static let passphraseEd25519Private = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCWomSpdd
        Waa6S1ta3dHlDqAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIAxQrVlrdEcowORA
        V7CO9yNcCabxKbV+lWGKskYEHe4EAAAAkBb4d//QR519s7SH7/wdOlOpYqzfi+B6V+HunU
        8AY63f3JLxQ+afBH3XFtYmDUnnLOYxi4A4drW0DcR8LrnPPvvRdLEGnHN6420/XjPigmvR
        1zwCowSOh/8lg7CtSCVz0eD2qAeyJiRctOY8WEg3sycdlSToXWj3ck/i6KNyizm2Q3y5rS
        4oO7V0PDSCgy3WRA==
        -----END OPENSSH PRIVATE KEY-----
        """
    static let passphraseEd25519Public =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAxQrVlrdEcowORAV7CO9yNcCabxKbV+lWGKskYEHe4E fixture"
}
